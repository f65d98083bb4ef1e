// Where an import keeps its checked rows between the check and the apply:
// an unlogged table of its own (line, wave, the write as JSON), filled with
// one COPY streamed as the rows are checked, read back in batches in the order
// they apply. Memory holds one batch, whatever the size of the file.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type postgres from 'postgres';
import type { Db } from '../db/client.js';
import type { WriteOp } from '../writes/envelope.js';

/** A checked row's write, with the line it starts at. */
export interface StagedWrite {
  line: number;
  op: WriteOp;
}

/** The postgres.js pool under a drizzle handle (for COPY, which drizzle does not offer). */
export function clientOf(db: Db): postgres.Sql {
  return (db as unknown as { $client: postgres.Sql }).$client;
}

/** A value as a field of COPY's text format: JSON has no raw control characters, only backslashes to double. */
export function copyField(value: string): string {
  return value.replaceAll('\\', '\\\\');
}

/**
 * The staging table of one import. Unlogged (nothing to replay after a crash)
 * and named for this import (`import_staging_<pid>_<random>`), so that the
 * apply's transaction, on another connection, reads it; `drop` removes it
 * whatever happened.
 */
export class ImportStaging {
  private constructor(
    private readonly sql: postgres.Sql,
    private readonly name: string,
    private readonly copy: Writable,
  ) {}

  /** Creates the table and opens the COPY that fills it (it holds one connection of the pool until `finish`). */
  static async create(db: Db): Promise<ImportStaging> {
    const sql = clientOf(db);
    const name = `import_staging_${process.pid}_${randomBytes(4).toString('hex')}`;
    await sql`create unlogged table ${sql(name)} (line int primary key, wave int not null default 0, op jsonb not null)`;
    try {
      const copy = await sql`copy ${sql(name)} (line, op) from stdin`.writable();
      return new ImportStaging(sql, name, copy);
    } catch (error) {
      await sql`drop table if exists ${sql(name)}`;
      throw error;
    }
  }

  /** Streams one checked row's write (waits when PostgreSQL is behind). */
  async write(line: number, op: WriteOp | { kind: string; op: WriteOp }): Promise<void> {
    if (!this.copy.write(`${line}\t${copyField(JSON.stringify(op))}\n`)) await once(this.copy, 'drain');
  }

  /** Ends the COPY: every row written is in the table. */
  async finish(): Promise<void> {
    this.copy.end();
    await finished(this.copy);
  }

  /**
   * Leaves out the rows of `rejectedLines` (rows refused after they were
   * staged: they name a rejected entry) and gives the rows that wait for an
   * entry further down their wave (line → wave, the others stay 0).
   */
  async order(rejectedLines: number[], waves: ReadonlyMap<number, number>): Promise<void> {
    const { sql, name } = this;
    if (rejectedLines.length) await sql`delete from ${sql(name)} where line = any(${rejectedLines}::int[])`;
    if (waves.size) {
      await sql`
        update ${sql(name)} s set wave = w.wave
          from unnest(${[...waves.keys()]}::int[], ${[...waves.values()]}::int[]) as w(line, wave)
         where s.line = w.line`;
    }
    await sql`create index on ${sql(name)} (wave, line)`;
  }

  /**
   * The staged writes in the order they apply (by wave, then line), `size` at a time. Read on a connection of the
   * pool, beside the apply's transaction: the table no longer changes.
   */
  async *batches(size: number): AsyncGenerator<StagedWrite[]> {
    const { sql } = this;
    let after = { wave: -1, line: 0 };
    for (;;) {
      const rows = await sql<{ line: number; wave: number; op: WriteOp }[]>`
        select line, wave, op from ${sql(this.name)}
         where (wave, line) > (${after.wave}, ${after.line})
         order by wave, line limit ${size}`;
      if (!rows.length) return;
      yield rows.map((r) => ({ line: r.line, op: r.op }));
      const last = rows[rows.length - 1]!;
      after = { wave: last.wave, line: last.line };
    }
  }

  /** Drops the table (the COPY, if still open, is abandoned first). */
  async drop(): Promise<void> {
    if (!this.copy.writableFinished) {
      this.copy.destroy(new Error('import stopped'));
      await finished(this.copy).catch(() => {});
    }
    await this.sql`drop table if exists ${this.sql(this.name)}`;
  }
}
