// The entries withheld from the public (the `withheld` column: Sirene's non-diffusible entries, BODACC's withdrawn
// ones), kept in memory by each API process so that a Meilisearch hit of one is never served. The index follows
// PostgreSQL through the outbox, later (a second, or as long as Meilisearch is down or refuses the change); this set
// follows it from the commit on: loaded at start, then told by PostgreSQL's notifications (db/withheld.ts).
import { type SQL, sql } from 'drizzle-orm';
import type postgres from 'postgres';
import type { Db } from '../db/client.js';
import { type WithheldNotice, withheldChannel, withholdingTables } from '../db/withheld.js';

/** A kind whose entries may be withheld: its name (a hit's `kind`) and its table's. */
export interface WithholdingKind {
  name: string;
  tableName: string;
}

const key = (kind: string, id: string) => `${kind}\u0000${id}`;

/**
 * The withheld entries, by kind and id. `start` listens to PostgreSQL's notifications and reads every withheld id
 * (again at each reconnection of the listening connection: a notice missed meanwhile is made up for); `has` is a
 * lookup in memory, for the search hot path.
 */
export class WithheldIds {
  private ids = new Set<string>();
  private listening: { unlisten(): Promise<void> } | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The notices told while a reading runs (null when none runs): applied again over what it read, maybe older. */
  private toldDuringReload: Extract<WithheldNotice, { ids: string[] }>[] | null = null;

  constructor(
    private readonly db: Db,
    private readonly kinds: readonly WithholdingKind[],
  ) {}

  /** Whether the entry of `kind` with this id is withheld now (as last read or told). */
  has(kind: string, id: string): boolean {
    return this.ids.size > 0 && this.ids.has(key(kind, id));
  }

  /** How many entries are withheld (as last read or told). */
  get size(): number {
    return this.ids.size;
  }

  /** Reads every withheld id from PostgreSQL, replacing what was known. */
  async reload(): Promise<void> {
    const kinds = this.kinds.filter((k) => withholdingTables.has(k.tableName));
    if (!kinds.length) return;
    const selects: SQL[] = kinds.map(
      (k) => sql`select ${k.name}::text as kind, id from ${sql.identifier(k.tableName)} where withheld`,
    );
    this.toldDuringReload = [];
    try {
      const rows = await this.db.execute<{ kind: string; id: string }>(sql.join(selects, sql` union all `));
      this.ids = new Set([...rows].map((r) => key(r.kind, r.id)));
      for (const notice of this.toldDuringReload) this.applyNotice(notice);
    } finally {
      this.toldDuringReload = null;
    }
  }

  /** Applies a notice of `withheldChannel` (a payload that is no notice reads everything again). */
  async apply(payload: string): Promise<void> {
    let notice: WithheldNotice | undefined;
    try {
      notice = JSON.parse(payload) as WithheldNotice;
    } catch {
      notice = undefined;
    }
    if (!notice || 'reload' in notice || !Array.isArray(notice.ids)) return this.reload();
    this.toldDuringReload?.push(notice);
    this.applyNotice(notice);
  }

  private applyNotice(notice: Extract<WithheldNotice, { ids: string[] }>): void {
    for (const id of notice.ids) {
      if (notice.withheld) this.ids.add(key(notice.kind, id));
      else this.ids.delete(key(notice.kind, id));
    }
  }

  /**
   * Listens on `withheldChannel` over a connection of its own (postgres.js's, reconnected when lost) and reads every
   * withheld id once listening, and again after each reconnection. Resolves once the first reading is done.
   */
  async start(client: postgres.Sql, onError: (error: unknown) => void): Promise<void> {
    let first: Promise<void> | undefined;
    const reload = () => {
      const run = this.reload().catch(onError);
      first ??= run;
    };
    try {
      const listening = await client.listen(
        withheldChannel,
        (payload) => void this.apply(payload).catch(onError),
        reload,
      );
      // Stopped while the listen was under way (start is not awaited): its connection is given back at once.
      if (this.stopped) {
        await listening.unlisten().catch(() => {});
        return;
      }
      this.listening = listening;
      await first;
    } catch (error) {
      // The database cannot be reached now: tried again every second until it is (meanwhile a search answered by
      // Meilisearch relies on the index alone; PostgreSQL's fallback reads the withheld column itself).
      onError(error);
      if (this.stopped) return;
      this.retry = setTimeout(() => void this.start(client, onError), 1_000);
      this.retry.unref();
    }
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.listening?.unlisten().catch(() => {});
    this.listening = undefined;
  }
}
