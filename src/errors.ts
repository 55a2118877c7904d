/**
 * The one base class for every error bidlab raises on purpose. A `code` lets callers and tests
 * branch without parsing messages; `where` says which file, line or field was wrong.
 */
export class BidlabError extends Error {
  readonly code: string;
  readonly where: string | undefined;

  constructor(code: string, message: string, where?: string) {
    super(where ? `${where}: ${message}` : message);
    this.name = new.target.name;
    this.code = code;
    this.where = where;
  }
}
