// The words earlier writes of a sequence gave their entries: a batch of the envelope, or the rows of an import's file,
// whose writes are checked as if made one after the other through the API (a file's result is the sequence of its
// rows' writes): a name an earlier write frees by a rename is free for a later one, and a name it takes is taken; a
// parent group an earlier write sets is the entry's parent for a later one's cycle check; a mandataire an earlier write
// makes a firm (or not), or gives a firm, is so for a later one's firm check (`KindWritesSpec.sequenceFields`).
import type { KindIdentifier } from './spec.js';

/** An entry given words by a write of the sequence: its id, and its identifiers then (two SIRETs are two things). */
export interface SequenceHolder {
  id: string;
  identifiers: Record<string, unknown>;
}

/**
 * The words (`nameKey` of `idWords`, ids.ts) each entry written by an earlier write of a sequence has after it, and
 * the entries each such key is held by. A stored entry the sequence wrote (`moved`) is no longer told apart by its
 * stored words: the sequence's own (`holders`) stand for it. `where` says how a holder is known in a refusal
 * (« an earlier row of the file »); `freed` tells the keys stored entries left by a rename. Memory: an id and its key
 * for each write recorded (`give`), the identifier columns of the kind's `identifiers` with it.
 */
export class SequenceWords {
  private readonly now = new Map<string, string>();
  private readonly byKey = new Map<string, SequenceHolder[]>();
  private readonly left = new Set<string>();
  /** References to entries of the same kind set by the sequence's writes (`refer`), by field and id. */
  private readonly references = new Map<string, string | null>();
  /** Writes whose key is worked out when first needed (a site's words cost a place resolution). */
  private pending: { id: string; key: () => string; identifiers: Record<string, unknown> }[] = [];

  constructor(
    private readonly identifiers: readonly KindIdentifier[] = [],
    readonly where?: string,
  ) {}

  /** Whether a write of the sequence gave the entry `id` its words: its stored row's words no longer count. */
  moved(id: string): boolean {
    return this.now.has(id);
  }

  /** The entries earlier writes gave the words of `key`, in the order given. */
  holders(key: string): readonly SequenceHolder[] {
    for (const { id, key: keyOf, identifiers } of this.pending) this.hold(id, keyOf(), identifiers);
    this.pending = [];
    return this.byKey.get(key) ?? [];
  }

  /** Whether a rename of the sequence left `key`, a stored entry's words before it (`give`'s `before`). */
  freed(key: string): boolean {
    return this.left.has(key);
  }

  /**
   * Records that a write gives the entry `id` the words of `key` (or of what `key` works out, when first needed), with
   * its columns as it leaves them (`columns`, of which the identifiers are kept); `before`, the stored words it leaves
   * (a change), are freed. The first write of an id counts: a later one of the same id is an import's repeated row,
   * refused (import/staging.ts `refuseLate`).
   */
  give(id: string, key: string | (() => string), columns: Record<string, unknown>, before?: string): void {
    if (this.now.has(id)) return;
    const identifiers = this.identifiersOf(columns);
    if (typeof key === 'function') {
      this.now.set(id, '');
      this.pending.push({ id, key, identifiers });
      return;
    }
    if (before !== undefined && before !== key) this.left.add(before);
    this.hold(id, key, identifiers);
  }

  /**
   * Records words a write gives the entry `id` that is applied after the writes that follow it (an import's row naming
   * an entry the file creates further down, import/staging.ts `order`): they are taken for the later writes, but the
   * stored words it leaves are not free for them.
   */
  giveLater(id: string, key: string, columns: Record<string, unknown>): void {
    this.holdKey(id, key, this.identifiersOf(columns));
  }

  /**
   * Records that a write sets the entry `id`'s reference `field` to an entry of its own kind (an operator's `parent`;
   * null: none), as later writes of the sequence see it (`reference`). The first write of an id counts, as in `give`.
   */
  refer(id: string, field: string, value: string | null): void {
    const key = `${field}\u0000${id}`;
    if (!this.references.has(key)) this.references.set(key, value);
  }

  /** The reference `field` an earlier write of the sequence set on `id` (null: none), or undefined when none set it. */
  reference(id: string, field: string): string | null | undefined {
    return this.references.get(`${field}\u0000${id}`);
  }

  /**
   * The entries whose reference `field` an earlier write of the sequence set to `value` (a firm's members it gave),
   * and those it set to anything else (members it moved away). Reads every reference recorded: for rare checks.
   */
  referrers(field: string, value: string): { to: string[]; away: string[] } {
    const to: string[] = [];
    const away: string[] = [];
    const prefix = `${field}\u0000`;
    for (const [key, set] of this.references) {
      if (!key.startsWith(prefix)) continue;
      (set === value ? to : away).push(key.slice(prefix.length));
    }
    return { to, away };
  }

  /** Whether an earlier write of the sequence set any reference (`refer`). */
  get refers(): boolean {
    return this.references.size > 0;
  }

  /** Records that a write ends the entry `id` (a delete, a merge): its stored words are free after it. */
  end(id: string): void {
    if (!this.now.has(id)) this.now.set(id, '');
  }

  private identifiersOf(columns: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(this.identifiers.map(({ column }) => [column, columns[column] ?? null]));
  }

  private hold(id: string, key: string, identifiers: Record<string, unknown>): void {
    this.now.set(id, key);
    this.holdKey(id, key, identifiers);
  }

  private holdKey(id: string, key: string, identifiers: Record<string, unknown>): void {
    const list = this.byKey.get(key);
    if (list) list.push({ id, identifiers });
    else this.byKey.set(key, [{ id, identifiers }]);
  }
}
