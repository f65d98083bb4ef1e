// Where an import keeps its rows between the check and the apply: an unlogged
// table of its own, filled with one COPY streamed as the rows are checked (the
// checked ones with their write, the refused ones with their id only), then
// worked on with SQL: repeated ids, rows naming a refused row, and the order
// rows apply in (entries named by other rows first). Read back in batches.
// Memory holds one batch, whatever the size of the file.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type postgres from 'postgres';
import type { Db } from '../db/client.js';
import type { FieldError } from '../domain/errors.js';
import type { WriteOp } from '../writes/envelope.js';
import { type RowPlace, rowByLine } from './read.js';

/** A checked row's write, with the line it starts at. */
export interface StagedWrite {
  line: number;
  op: WriteOp;
}

/** One row, as the check leaves it. */
export interface StagedRow {
  line: number;
  /** The key of the entry the row writes (a checked row), or the id a refused row gave (null when it gave none). */
  key: string | null;
  /**
   * The write of a checked row; null for a refused one; `true` for a checked row whose write is not read back (an
   * import applied while checked keeps only what finds repeated ids).
   */
  op: WriteOp | { kind: string; op: WriteOp } | null | true;
  /** The entries the file creates that a checked row names, by field: they are written first. */
  names?: { field: string; id: string }[];
}

/** A row refused once every row was checked: its line and why. */
export interface LateRefusal {
  line: number;
  error: FieldError;
  /** For a repeated key: the key, and the line of the row that keeps it. */
  repeats?: { key: string; first: number };
}

/** PostgreSQL refused a row while it was staged: nothing was applied. */
export class ImportStagingError extends Error {
  constructor(
    readonly line: number | null,
    cause: unknown,
    place: RowPlace = rowByLine,
  ) {
    const where = line === null ? '' : ` (${place(line)})`;
    super(`PostgreSQL refused a checked row while staging it${where}: ${(cause as Error).message}`, { cause });
  }
}

/** The postgres.js pool under a drizzle handle (for COPY, which drizzle does not offer). */
export function clientOf(db: Db): postgres.Sql {
  return (db as unknown as { $client: postgres.Sql }).$client;
}

/** A value as a field of COPY's text format (`\N` for null). */
export function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return value.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r');
}

/** A text[] literal of COPY's text format. */
function copyArray(values: string[]): string {
  return copyField(`{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`);
}

/**
 * The class of the advisory locks (the two-key form: this class, `hashtext` of the table's name) by which an import
 * owns its staging table while it runs: the table of an import killed before it could drop it (its session gone, its
 * lock with it) is dropped by the next import of its kind.
 */
export const stagingLockClass = 7_311_042;

/** Takes the advisory lock owning the table `name`, if no live session holds it. */
async function tryLock(client: postgres.ReservedSql, name: string): Promise<boolean> {
  const [row] = await client<{ locked: boolean }[]>`
    select pg_try_advisory_lock(${stagingLockClass}, hashtext(${name})) as locked`;
  return row!.locked;
}

/**
 * Drops the staging tables whose names start with `prefix` (in the current schema) and whose lock no session holds:
 * left by an import killed before it could drop its own, or by this process's own sessions once ended (an
 * interrupted CLI, cli/interrupt.ts). A table whose import still runs is left alone. Gives the names dropped and
 * those left (still owned).
 */
export async function dropAbandonedStagingTables(
  client: postgres.ReservedSql,
  prefix: string,
): Promise<{ dropped: string[]; owned: string[] }> {
  const tables = await client<{ name: string }[]>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind = 'r' and n.nspname = current_schema() and starts_with(c.relname, ${prefix})`;
  const dropped: string[] = [];
  const owned: string[] = [];
  for (const { name } of tables) {
    if (!(await tryLock(client, name))) {
      owned.push(name);
      continue;
    }
    await dropStagingTable(client, name);
    dropped.push(name);
  }
  return { dropped, owned };
}

/** The prefix of the bulk import's staging tables (`import_staging_<pid>_<random>`). */
export const importStagingPrefix = 'import_staging_';

/**
 * A new staging table name under `prefix` (`import_staging_`, `bodacc_staging_`) followed by the process id and a
 * random suffix, owned by `client`'s session (its advisory lock taken), once the abandoned tables of that prefix have
 * been dropped (`dropAbandonedStagingTables`).
 */
export async function ownStagingTable(client: postgres.ReservedSql, prefix: string): Promise<string> {
  await dropAbandonedStagingTables(client, prefix);
  for (;;) {
    const name = `${prefix}${process.pid}_${randomBytes(4).toString('hex')}`;
    if (await tryLock(client, name)) return name;
  }
}

/** Drops the staging table `name` and gives up its lock (held by `client`'s session). */
export async function dropStagingTable(client: postgres.ReservedSql, name: string): Promise<void> {
  try {
    await client`drop table if exists ${client(name)}`;
  } finally {
    await client`select pg_advisory_unlock(${stagingLockClass}, hashtext(${name}))`;
  }
}

/**
 * The staging table of one import. Unlogged (nothing to replay after a crash)
 * and named for this import (`import_staging_<pid>_<random>`), so that the
 * apply's transaction, on another connection, reads it; `drop` removes it
 * whatever happened, and the next import drops it if this one was killed
 * first (`ownStagingTable`: one connection of the pool is reserved for the
 * import, holding the table's lock and running its COPY).
 */
export class ImportStaging {
  /** The error PostgreSQL gave the COPY, once it has. */
  private failure: Error | null = null;
  private readonly failed: Promise<never>;
  /** The line of each row sent, in order: COPY names a refused row by its rank. */
  private lines = new Int32Array(1024);
  private sent = 0;

  private constructor(
    private readonly sql: postgres.Sql,
    private readonly owner: postgres.ReservedSql,
    private readonly name: string,
    private readonly copy: Writable,
    failed: Promise<never>,
  ) {
    this.failed = failed.catch((error: Error) => {
      throw new ImportStagingError(this.lineOf(error), error);
    });
    this.failed.catch(() => {});
  }

  /** Creates the table and opens the COPY that fills it (on a connection of the pool it holds until `drop`). */
  static async create(db: Db): Promise<ImportStaging> {
    const sql = clientOf(db);
    const owner = await sql.reserve();
    let name: string;
    try {
      name = await ownStagingTable(owner, importStagingPrefix);
    } catch (error) {
      owner.release();
      throw error;
    }
    await owner`
      create unlogged table ${owner(name)} (
        line int primary key, key text, names text[], fields text[], wave int not null default 0, op jsonb,
        late jsonb)`;
    try {
      // postgres.js never settles a COPY's writable that PostgreSQL refuses once it has ended
      // (porsager/postgres#1173): its query's rejection is where the error arrives, so it is caught there.
      const query = owner`copy ${owner(name)} (line, key, names, fields, op) from stdin`;
      let fail: (error: Error) => void = () => {};
      const failed = new Promise<never>((_, reject) => (fail = reject));
      const raw = query as unknown as { reject: (error: Error) => void };
      const reject = raw.reject;
      raw.reject = (error) => {
        fail(error);
        reject(error);
      };
      const copy = await query.writable();
      copy.on('error', (error) => fail(error));
      const staging = new ImportStaging(sql, owner, name, copy, failed);
      staging.failed.catch((error: Error) => {
        staging.failure = error;
        staging.stopped.abort(error);
      });
      return staging;
    } catch (error) {
      await dropStagingTable(owner, name).catch(() => {});
      owner.release();
      throw error;
    }
  }

  /** Streams one row (waits when PostgreSQL is behind); throws ImportStagingError once PostgreSQL refused one. */
  async write(row: StagedRow): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.sent === this.lines.length) {
      const grown = new Int32Array(this.lines.length * 2);
      grown.set(this.lines);
      this.lines = grown;
    }
    this.lines[this.sent++] = row.line;
    const names = row.names?.length ? row.names : null;
    const text = [
      String(row.line),
      copyField(row.key),
      names ? copyArray(names.map((n) => n.id)) : '\\N',
      names ? copyArray(names.map((n) => n.field)) : '\\N',
      row.op === true ? 'true' : row.op ? copyField(JSON.stringify(row.op)) : '\\N',
    ].join('\t');
    // Sent 256 rows at a time: one socket write per row would cost more than the row.
    this.pending.push(text);
    if (this.pending.length >= 256) await this.flush();
  }

  /** Rows written but not yet sent. */
  private pending: string[] = [];

  /** Sends the rows written (waits when PostgreSQL is behind). */
  private async flush(): Promise<void> {
    if (!this.pending.length) return;
    const chunk = `${this.pending.join('\n')}\n`;
    this.pending = [];
    if (!this.copy.write(chunk)) await this.unlessFailed((signal) => once(this.copy, 'drain', { signal }));
  }

  /** Aborted when PostgreSQL refuses the COPY (`failed`): what the COPY's waits listen to. */
  private readonly stopped = new AbortController();

  /**
   * Waits for `wait` (a drain, the COPY's end), given up when the COPY fails: then throws its ImportStagingError. Its
   * listener on `stopped` goes when it settles; a race against `failed`, which lives for the whole import, would leave
   * a reaction on it per wait (a few thousand for a million rows).
   */
  private async unlessFailed(wait: (signal: AbortSignal) => Promise<unknown>): Promise<void> {
    try {
      await wait(this.stopped.signal);
    } catch (error) {
      throw this.failure ?? error;
    }
  }

  /** The file's line of the row a COPY error names (« COPY t, line 3, column op: … »: its rank). */
  private lineOf(error: Error): number | null {
    const rank = /COPY [^,]+, line (\d+)/.exec((error as { where?: string }).where ?? '')?.[1];
    return rank && Number(rank) <= this.sent ? this.lines[Number(rank) - 1]! : null;
  }

  /** Ends the COPY: every row written is in the table, indexed by key. Throws ImportStagingError when refused. */
  async finish(): Promise<void> {
    if (this.failure) throw this.failure;
    await this.flush();
    this.copy.end();
    await this.unlessFailed((signal) => finished(this.copy, { signal }));
    this.lines = new Int32Array(0);
    const { sql, name } = this;
    await sql`create index on ${sql(name)} (key)`;
    await sql`analyze ${sql(name)}`;
  }

  /**
   * Refuses each checked row whose key an earlier checked row has (the first one stays), and then each checked row
   * that names an entry whose row is refused (and so on down); they are no longer applied. Each is marked in the
   * table (`late`), read back by `lateRefusals`, so that memory holds none of them (a file of a million rows of one
   * id). Gives how many were refused.
   */
  async refuseLate(): Promise<number> {
    const { sql, name } = this;
    const t = sql(name);
    const repeated = await sql`
      with firsts as (
        select key, min(line) as first from ${t} where op is not null group by key having count(*) > 1)
      update ${t} s set op = null, key = null, late = jsonb_build_object('key', f.key, 'first', f.first)
        from firsts f
       where s.key = f.key and s.op is not null and s.line > f.first`;
    let refused = repeated.count;
    // A refused row's id counts when no checked row has it.
    for (;;) {
      const named = await sql`
        with refused as (
          select key, min(line) as line from ${t} r
           where op is null and key is not null
             and not exists (select 1 from ${t} g where g.key = r.key and g.op is not null)
           group by key),
        hits as (
          select distinct on (s.line) s.line, n.field, n.id, r.line as at
            from ${t} s cross join lateral unnest(s.names, s.fields) with ordinality as n(id, field, rank)
            join refused r on r.key = n.id
           where s.op is not null and s.names is not null
           order by s.line, n.rank)
        update ${t} s set op = null, late = jsonb_build_object('field', h.field, 'id', h.id, 'at', h.at)
          from hits h where s.line = h.line`;
      if (!named.count) break;
      refused += named.count;
    }
    return refused;
  }

  /**
   * The rows `refuseLate` refused, in the order of lines, `size` at a time (read by line, as `batches` reads): a
   * repeated key names the row that keeps it, a row naming a refused row names that row (`place`).
   */
  async *lateRefusals(place: RowPlace = rowByLine, size = 1000): AsyncGenerator<LateRefusal[]> {
    const { sql } = this;
    type Late = { key?: string; first?: number; field?: string; id?: string; at?: number };
    for (let after = 0; ; ) {
      const rows = await sql<{ line: number; late: Late }[]>`
        select line, late from ${sql(this.name)} where late is not null and line > ${after}
         order by line limit ${size}`;
      if (!rows.length) return;
      after = rows.at(-1)!.line;
      yield rows.map(({ line, late }): LateRefusal => {
        if (late.key !== undefined && late.first !== undefined) {
          const message = `'${late.key}' already appears at ${place(late.first)}`;
          return { line, error: { in: 'row', name: 'id', message }, repeats: { key: late.key, first: late.first } };
        }
        const message = `names '${late.id}', whose row (${place(late.at!)}) is rejected`;
        return { line, error: { in: 'row', name: late.field!, message } };
      });
      if (rows.length < size) return;
    }
  }

  /**
   * Leaves out the refused rows and sets the order the others apply in: a row
   * whose named entries are all written before it (earlier lines) keeps its
   * place (wave 0); one that names an entry further down, or a row that waits,
   * waits too: wave 1 after every row of wave 0, wave 2 after wave 1… Rows that
   * name each other in a cycle go last as they are: the kind's rules refuse them.
   */
  async order(): Promise<void> {
    const { sql, name } = this;
    const t = sql(name);
    await sql`delete from ${t} where op is null`;
    // Waiting rows: wave -1 until their wave is known.
    await sql`
      update ${t} s set wave = -1
       where s.names is not null
         and exists (select 1 from unnest(s.names) n(id) join ${t} o on o.key = n.id where o.line > s.line)`;
    for (;;) {
      const waiting = await sql`
        update ${t} s set wave = -1
         where s.wave = 0 and s.names is not null
           and exists (select 1 from unnest(s.names) n(id) join ${t} o on o.key = n.id where o.wave = -1)`;
      if (!waiting.count) break;
    }
    for (let wave = 1; ; wave++) {
      const ready = await sql`
        update ${t} s set wave = ${wave}
         where s.wave = -1
           and not exists (select 1 from unnest(s.names) n(id) join ${t} o on o.key = n.id where o.wave = -1)`;
      if (ready.count) continue;
      const cycle = await sql`update ${t} set wave = ${wave} where wave = -1`;
      if (!cycle.count) break;
    }
    await sql`create index on ${t} (wave, line)`;
  }

  /**
   * The staged writes in the order they apply (by wave, then line), `size` at a time, the next batch read while the
   * last one is applied. Read on a connection of the pool, beside the apply's transaction: the table no longer changes.
   */
  async *batches(size: number): AsyncGenerator<StagedWrite[]> {
    const { sql } = this;
    const read = (after: { wave: number; line: number }) =>
      sql<{ line: number; wave: number; op: WriteOp }[]>`
        select line, wave, op from ${sql(this.name)}
         where (wave, line) > (${after.wave}, ${after.line})
         order by wave, line limit ${size}`.then((rows) => [...rows]);
    let next = read({ wave: -1, line: 0 });
    for (;;) {
      const rows = await next;
      if (!rows.length) return;
      const last = rows[rows.length - 1]!;
      next = rows.length < size ? Promise.resolve([]) : read({ wave: last.wave, line: last.line });
      next.catch(() => {});
      yield rows.map((r) => ({ line: r.line, op: r.op }));
    }
  }

  /** Drops the table (the COPY, if still open, is abandoned first). */
  async drop(): Promise<void> {
    if (!this.copy.writableFinished && !this.failure) {
      this.copy.destroy(new Error('import stopped'));
      await finished(this.copy).catch(() => {});
    }
    try {
      await dropStagingTable(this.owner, this.name);
    } finally {
      this.owner.release();
    }
  }
}
