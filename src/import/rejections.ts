// The lists of an import's report that grow with the file (its rejected rows, and an open-data import's other
// per-row lists): each item handed on as it is found (printed, written out), counted, and only the first few kept
// for the report. One place for `npm run import` (run.ts) and the open-data importers (open-data/), so that memory
// does not grow with the number of bad rows.

/** How many items of such a list a report keeps (the first found); every one goes to its callback. */
export const keptRejections = 100;

/** Items in the order of their lines (`Rejections`' default order). */
export const inLineOrder = (a: { line: number }, b: { line: number }) => a.line - b.line;

/**
 * Items of one list of a report (rejected rows, ambiguous matches…): counted (`count`), each handed to `onItem` as it
 * comes (awaited before the next), the first `keep` (`keptRejections`, 100) kept for the report (`first`, in `order`:
 * of their lines by default). Memory holds those few, whatever the number of items.
 */
export class Rejections<T extends { line: number }> {
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
