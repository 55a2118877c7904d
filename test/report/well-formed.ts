/**
 * Checks markup is well-formed in the XML sense (report.html is written that way, so any
 * parser reads it unambiguously): every element closed in order, attributes double-quoted and
 * unique, no raw '<' or stray '&' in text or attribute values. Returns the problems found.
 */
const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);
const RAW_TEXT = new Set(['style', 'script']);

export function wellFormedProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let text = html.replace(/^<!DOCTYPE html>\s*/i, '');
  const badText = (t: string, where: string) => {
    if (t.includes('<') || t.includes('>')) problems.push(`raw < or > in ${where}: ${t.slice(0, 60)}`);
    if (/&(?!(?:amp|lt|gt|quot|#39|#\d+);)/.test(t)) problems.push(`stray & in ${where}: ${t.slice(0, 60)}`);
  };
  while (text.length > 0) {
    const open = text.indexOf('<');
    badText(open < 0 ? text : text.slice(0, open), 'text');
    if (open < 0) break;
    text = text.slice(open);
    const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*="[^"]*")*)\s*(\/?)>/.exec(text);
    if (!m) { problems.push(`not a tag: ${text.slice(0, 60)}`); break; }
    const [whole, closing, name, attrs, selfClosing] = m;
    const seen = new Set<string>();
    for (const a of attrs!.matchAll(/([a-zA-Z][a-zA-Z0-9:-]*)="([^"]*)"/g)) {
      if (seen.has(a[1]!)) problems.push(`duplicate attribute ${a[1]} on <${name}>`);
      seen.add(a[1]!);
      badText(a[2]!, `attribute ${a[1]} of <${name}>`);
    }
    text = text.slice(whole!.length);
    if (closing) {
      const top = stack.pop();
      if (top !== name) problems.push(`</${name}> closes <${top ?? 'nothing'}>`);
    } else if (!selfClosing && !VOID.has(name!)) {
      if (RAW_TEXT.has(name!)) {
        const end = text.indexOf(`</${name}>`);
        if (end < 0) { problems.push(`<${name}> never closed`); break; }
        text = text.slice(end + name!.length + 3);
      } else {
        stack.push(name!);
      }
    }
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`);
  return problems;
}
