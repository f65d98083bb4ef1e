// The lists of an import's report that grow with the file (its rejected rows, and an open-data import's other
// per-row lists: persons left out, doubts, disagreements…): each item handed on as it is found (printed, written
// out), counted, and only the first few kept for the report. One place for `npm run import` (run.ts) and the
// open-data importers (open-data/), so that memory does not grow with the number of rows listed, bad or good.
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** How many items of such a list a report keeps (the first found); every one goes to its callback. */
export const keptRejections = 100;

/** Items in the order of their lines (`Rejections`' default order); an item without a line (null) last. */
export const inLineOrder = (a: { line?: number | null }, b: { line?: number | null }) =>
  (a.line ?? Number.POSITIVE_INFINITY) - (b.line ?? Number.POSITIVE_INFINITY) || 0;

/** Items in the order they were found (a stable sort keeps it). */
export const inOrderFound = () => 0;

/**
 * Items of one list of a report (rejected rows, ambiguous matches…): counted (`count`), each handed to `onItem` as it
 * comes (awaited before the next), the first `keep` (`keptRejections`, 100) kept for the report (`first`, in `order`:
 * of their lines by default). Memory holds those few, whatever the number of items.
 */
export class Rejections<T extends object> {
  /** How many items were added. */
  count = 0;
  private readonly kept: T[] = [];

  constructor(
    private readonly onItem?: (item: T) => void | Promise<void>,
    private readonly order: (a: T, b: T) => number = inLineOrder,
    private readonly keep = keptRejections,
  ) {}

  /** Counts `item`, keeps it if fewer than `keep` are, hands it to `onItem`. */
  async add(item: T): Promise<void> {
    this.count++;
    if (this.kept.length < this.keep) this.kept.push(item);
    await this.onItem?.(item);
  }

  /** The items kept (the first `keep` added), in `order`. */
  first(): T[] {
    return [...this.kept].sort(this.order);
  }
}

/** An item of one of a report's lists (`ReportLists`), with the name of its list. */
export type Listed<M> = { [K in keyof M]: { list: K; item: M[K] } }[keyof M];

/**
 * The named lists of one import's report that grow with the file (`M`: each list's name → its item), each a
 * `Rejections`: every item handed to the one `onItem` as it is found, tagged with its list (awaited before the next:
 * where a CLI prints it), each list counted (`counts`) and its first `keep` kept (`first`, in the order found).
 */
export class ReportLists<M extends { [K in keyof M]: object }> {
  private readonly lists: { [K in keyof M]: Rejections<M[K]> };

  constructor(
    names: readonly (keyof M)[],
    onItem?: (listed: Listed<M>) => void | Promise<void>,
    keep = keptRejections,
  ) {
    this.lists = Object.fromEntries(
      names.map((list) => [
        list,
        new Rejections<M[typeof list]>((item) => onItem?.({ list, item } as Listed<M>), inOrderFound, keep),
      ]),
    ) as unknown as { [K in keyof M]: Rejections<M[K]> };
  }

  /** Counts `item` in `list`, keeps it among the first, hands it on. */
  add<K extends keyof M>(list: K, item: M[K]): Promise<void> {
    return this.lists[list].add(item);
  }

  /** How many items `list` was given. */
  count(list: keyof M): number {
    return this.lists[list].count;
  }

  /** The first items of `list` (at most `keep`), in the order found. */
  first<K extends keyof M>(list: K): M[K][] {
    return this.lists[list].first();
  }

  /** How many items each list was given. */
  counts(): { [K in keyof M]: number } {
    return Object.fromEntries(
      Object.entries(this.lists as unknown as Record<string, { count: number }>).map(([k, l]) => [k, l.count]),
    ) as { [K in keyof M]: number };
  }
}

/**
 * Items of a report's lists found as rows are checked, whose rows may still be refused once every row is checked (a
 * repeated id, found in staging: import/run.ts): each written to a work file as it is found (memory holds none), then,
 * once every row's fate is known (`tell`), read back in the order found and handed to `lists` (told, counted, the
 * first kept), but those of the rows refused: a list never names a row left out. Row 0 is no row of the file (an
 * item of the directory's own entries): its items are always told.
 */
export class PendingLists<M extends { [K in keyof M]: object }> {
  private readonly out: WriteStream;
  private waiting: string[] = [];
  private told = false;

  constructor(
    private readonly file: string,
    private readonly lists: ReportLists<M>,
  ) {
    this.out = createWriteStream(file);
  }

  /** Notes `item` of `list`, found for row `row` (0: no row), until its row's fate is known. */
  add<K extends keyof M>(row: number, list: K, item: M[K]): void {
    this.waiting.push(`${JSON.stringify([row, list, item])}\n`);
  }

  /** Writes out the items noted (waits when the disk is behind): after each row, memory holds a row's items at most. */
  async flush(): Promise<void> {
    if (!this.waiting.length) return;
    const chunk = this.waiting.join('');
    this.waiting = [];
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  /**
   * Hands every item noted to the lists, in the order noted, but those of the rows `refused` says were left out; once
   * (a second call does nothing). Every row's fate must be known: no item may be noted after.
   */
  async tell(refused: (row: number) => boolean): Promise<void> {
    if (this.told) return;
    this.told = true;
    await this.flush();
    this.out.end();
    await once(this.out, 'close');
    for await (const text of createInterface({ input: createReadStream(this.file), crlfDelay: Infinity })) {
      const [row, list, item] = JSON.parse(text) as [number, keyof M, M[keyof M]];
      if (row === 0 || !refused(row)) await this.lists.add(list, item);
    }
  }

  /** Closes the work file when the items are not to be told (the import failed). */
  discard(): void {
    this.out.destroy();
  }
}
