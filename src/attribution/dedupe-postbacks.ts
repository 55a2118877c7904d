import type { Postback } from './postback.js';

/**
 * Remembers the postbacks already accepted, by partner and event id: partners retry (Singular on
 * 5xx at 1, 5, 15, 30 and 60 minutes, Kochava up to 10 times), so the same conversion can arrive
 * more than once and must count once. Holds one key per distinct conversion seen.
 */
export class PostbackDeduper {
  private readonly seen = new Set<string>();

  /** True the first time a conversion arrives, false for every repeat of it. */
  accept(postback: Postback): boolean {
    const key = `${postback.partner}\u0000${postback.eventId}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}

/** The postbacks with every repeat of an earlier one (same partner and event id) dropped, in order: idempotent. */
export function dedupePostbacks(postbacks: Iterable<Postback>): Postback[] {
  const deduper = new PostbackDeduper();
  const out: Postback[] = [];
  for (const postback of postbacks) if (deduper.accept(postback)) out.push(postback);
  return out;
}
