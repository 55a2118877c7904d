import parseJson from 'secure-json-parse';

/**
 * JSON.parse, refusing `__proto__` and `constructor.prototype` keys (throws, with "prototype" in
 * the message). The secure parser scans the whole text with regular expressions; a substring test
 * first sends it only the texts (nearly none) that could hold such a key: the words themselves, or
 * a `\u` escape that could spell them.
 */
export function parseJsonRefusingProto(text: string): unknown {
  return text.includes('__proto__') || text.includes('constructor') || text.includes('\\u')
    ? parseJson(text, null, { protoAction: 'error', constructorAction: 'error' })
    : JSON.parse(text);
}
