// How many entries hold a word, remembered for a moment. Planning a query of several words
// (query-words.ts) asks Meilisearch one count per word before the search itself: a second round trip
// that cost about as much as the search. Counts change only when the index does, so they are kept
// until this process writes to the index (SearchEngine.generation) and, for writes by other
// processes (the import and reindex CLIs, other API processes), for `ttlMs` at most: a word
// is then planned from a count that is a second or two old, as the index itself lags its outbox.

/** A count of entries (or what is planned from counts), kept with the index generation and the time it was read. */
interface Kept<Value> {
  count: Value;
  generation: number;
  readAt: number;
}

/**
 * Counts of entries by key (a word, or a whole query searched with every word required), trusted while the
 * index generation they were read at is current and for `ttlMs` milliseconds; at most `maxKeys` kept (the
 * oldest read forgotten first). `Value` is a number of entries unless given (the service also keeps the plans of
 * queries made from counts: search/service.ts).
 */
export class WordCountCache<Value = number> {
  private readonly kept = new Map<string, Kept<Value>>();

  constructor(
    private readonly ttlMs = 2_000,
    private readonly maxKeys = 10_000,
  ) {}

  /** The count of `key` when still trusted at `generation`, else undefined. */
  get(key: string, generation: number, now = Date.now()): Value | undefined {
    const kept = this.kept.get(key);
    if (!kept) return undefined;
    if (kept.generation !== generation || now - kept.readAt > this.ttlMs) {
      this.kept.delete(key);
      return undefined;
    }
    return kept.count;
  }

  set(key: string, count: Value, generation: number, now = Date.now()): void {
    this.kept.delete(key);
    this.kept.set(key, { count, generation, readAt: now });
    if (this.kept.size > this.maxKeys) {
      const oldest = this.kept.keys().next().value;
      if (oldest !== undefined) this.kept.delete(oldest);
    }
  }
}
