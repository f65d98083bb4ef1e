// Where the BODACC import keeps a file's notices between reading and applying: an unlogged table of the import's own
// (one row per company a notice names, keyed by SIREN, notice id and line, the notice as JSON), filled with one COPY
// streamed as the file is read, then read back company by company in SIREN order, a bounded number of companies at
// a time. Memory holds one batch of companies, whatever the size of the file. The pattern of `import/staging.ts`.
// The table is not temporary (the apply's transaction, on another connection, reads it): it is owned through a
// session advisory lock its import holds while it lives, so that the table of an import killed before it could drop
// it (its session gone, its lock with it) is dropped by the next import.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import type postgres from 'postgres';
import type { Db } from '../../db/client.js';
import { clientOf, copyField, dropStagingTable, ownStagingTable } from '../../import/staging.js';
import type { Notice } from './notices.js';

/** The SIREN a notice naming no company with a valid SIREN is staged under: it gets its source, nothing else. */
const noCompany = '';

/**
 * One batch of staged companies: each company's notices (SIREN → notices, in the order of the file's lines) and the
 * file's line of each notice (its row: a notice staged under several companies has one line), for the report.
 */
export interface StagedCompanies {
  notices: Map<string, Notice[]>;
  lines: Map<string, number>;
}

/** A notice id that several rows of the file hold: the later row, and the first one's line. */
export interface RepeatedNotice {
  id: string;
  line: number;
  first: number;
}

/** Who publishes the BODACC and its open data (every notice's source names it). */
export const bodaccPublisher = "Direction de l'information légale et administrative (DILA)";

/** The licence of the BODACC open data. */
export const bodaccLicence = 'Licence Ouverte 2.0';

/** The prefix of the staging tables' names (`bodacc_staging_<pid>_<random>`). */
export const bodaccStagingPrefix = 'bodacc_staging_';

/**
 * The staging table of one BODACC import (`bodacc_staging_<pid>_<random>`), on a connection of the pool reserved
 * for the import (it holds the table's advisory lock, the COPY, and reads the table back); not temporary, so that
 * the apply's transaction reads it. `drop` removes it whatever happened; a table left by an import killed is dropped
 * by the next `create`.
 */
export class NoticeStaging {
  private constructor(
    private readonly client: postgres.ReservedSql,
    readonly name: string,
    private readonly copy: Writable,
  ) {}

  /**
   * Drops the staging tables of imports that are gone (their lock free: their session ended), then creates this
   * import's table under its lock and opens the COPY that fills it. Holds one connection of the pool until `drop`.
   */
  static async create(db: Db): Promise<NoticeStaging> {
    const client = await clientOf(db).reserve();
    let name: string | null = null;
    try {
      name = await ownStagingTable(client, bodaccStagingPrefix);
      // The notice as `json` (kept as sent: no parsing into jsonb on the way in, nor printing on the way out), and the
      // columns of its source beside it (read without parsing the JSON again).
      await client`create unlogged table ${client(name)} (
        siren varchar not null, id varchar not null, line int not null, notice json not null,
        title text not null, url text not null, published_on date not null)`;
      const copy =
        await client`copy ${client(name)} (siren, id, line, notice, title, url, published_on) from stdin`.writable();
      return new NoticeStaging(client, name, copy);
    } catch (error) {
      if (name) await dropStagingTable(client, name).catch(() => {});
      client.release();
      throw error;
    }
  }

  /**
   * Streams a notice read at `line`: one row per company it names, sent 256 notices at a time (one socket write per
   * notice cost a third of the file's reading); waits when PostgreSQL is behind.
   */
  async write(line: number, notice: Notice): Promise<void> {
    const json = copyField(JSON.stringify(notice));
    const title = `BODACC ${notice.publication} n° ${notice.parution}, annonce n° ${notice.number}`;
    const source = `${copyField(title)}\t${copyField(notice.url)}\t${notice.publishedOn}`;
    const sirens = notice.companies.length ? notice.companies.map((c) => c.siren) : [noCompany];
    for (const siren of sirens) this.pending.push(`${siren}\t${notice.id}\t${line}\t${json}\t${source}\n`);
    if (this.pending.length >= 256) await this.flush();
  }

  /** Rows written but not yet sent. */
  private pending: string[] = [];

  /** Sends the rows written (waits when PostgreSQL is behind). */
  private async flush(): Promise<void> {
    if (!this.pending.length) return;
    const chunk = this.pending.join('');
    this.pending = [];
    if (!this.copy.write(chunk)) await once(this.copy, 'drain');
  }

  /** Ends the COPY and indexes the table for reading back by company. */
  async finish(): Promise<void> {
    await this.flush();
    this.copy.end();
    await finished(this.copy);
    await this.client`create index on ${this.client(this.name)} (siren, line)`;
    await this.client`analyze ${this.client(this.name)}`;
  }

  /**
   * Notices whose id an earlier row already holds, in the order of their lines, read 1,000 at a time (a file of one
   * notice repeated a million times is not held in memory).
   */
  async *repeated(): AsyncGenerator<RepeatedNotice[]> {
    const { client, name } = this;
    yield* client<RepeatedNotice[]>`
      select id, line, first from (
        select id, line, min(line) over (partition by id) as first from (select distinct id, line from ${client(name)}) d
      ) r where line > first order by line`.cursor(1000);
  }

  /**
   * The notices naming no company with a valid SIREN (staged under none), in the order of their lines, 1,000 at a
   * time: for the report, once the file is known to be applied (or dry-run) whole.
   */
  async *withoutCompany(): AsyncGenerator<{ id: string; line: number }[]> {
    const { client, name } = this;
    yield* client<{ id: string; line: number }[]>`
      select id, line from ${client(name)} where siren = ${noCompany} order by line`.cursor(1000);
  }

  /**
   * Creates each notice's source (BODACC A n° …, annonce n° …; its link, date of parution, publisher, licence) once. A
   * source an earlier import created without its publisher and licence gets them; nothing else of it changes.
   */
  async createSources(db: Db): Promise<void> {
    await db.execute(sql`
      insert into sources (id, title, outlet, publisher, url, published_on, licence)
      select distinct on (id) 'bodacc-' || lower(id), title, 'BODACC (DILA)', ${bodaccPublisher}, url,
             to_char(published_on, 'YYYY-MM-DD'),
             ${bodaccLicence}
        from ${sql.identifier(this.name)} order by id
      on conflict (id) do update set publisher = excluded.publisher, licence = excluded.licence,
        notes = nullif(sources.notes, ${bodaccLicence})
        where sources.publisher is null and sources.licence is null`);
  }

  /**
   * The staged notices of `size` companies at a time, in SIREN order, each company's notices in the order of the
   * file's lines, with each notice's line. Read on the import's reserved connection, beside the apply's transaction (the table no longer changes), the
   * next batch read while the last one is applied; `onRead` is given each batch's notices as soon as they are read.
   */
  async *companies(size: number, onRead?: (notices: Notice[]) => void): AsyncGenerator<StagedCompanies> {
    const { client, name } = this;
    // The rows of a range of SIRENs, the range's end found first (an InitPlan): a scan of that range on the index,
    // whatever the table's size. The batch's companies joined back to the table cost a scan of the whole table per
    // batch (140 ms of PostgreSQL's CPU a batch at 100,000 notices, 12 ms at 10,000: quadratic in the file).
    const read = (after: string) =>
      client<{ siren: string; line: number; notice: Notice }[]>`
        select siren, line, notice from ${client(name)}
         where siren > ${after} and siren <= (
           select max(siren) from (
             select distinct siren from ${client(name)} where siren > ${after} order by siren limit ${size}) chunk)
         order by siren, line`.then((rows) => {
        onRead?.(rows.map((r) => r.notice));
        return [...rows];
      });
    let next = read(noCompany);
    for (;;) {
      const rows = await next;
      if (!rows.length) return;
      next = read(rows[rows.length - 1]!.siren);
      next.catch(() => {});
      const bySiren = new Map<string, Notice[]>();
      const lines = new Map<string, number>();
      for (const { siren, line, notice } of rows) {
        const list = bySiren.get(siren);
        if (list) list.push(notice);
        else bySiren.set(siren, [notice]);
        lines.set(notice.id, line);
      }
      yield { notices: bySiren, lines };
    }
  }

  /** The companies (SIRENs) under which the notices `ids` are staged, by notice id (one scan of the table). */
  async sirensOf(ids: string[]): Promise<Map<string, Set<string>>> {
    const found = new Map<string, Set<string>>();
    if (!ids.length) return found;
    const { client, name } = this;
    for (const r of await client<{ id: string; siren: string }[]>`
      select distinct id, siren from ${client(name)} where id = any(${ids}) and siren <> ${noCompany}`)
      found.set(r.id, (found.get(r.id) ?? new Set()).add(r.siren));
    return found;
  }

  /**
   * Stages again notices already staged, each under another company (`siren`): a correction read with the notices of
   * the company whose notice it corrects, which it does not name. Its line and source stay those of its row.
   */
  async stageUnder(rows: { id: string; siren: string }[]): Promise<void> {
    if (!rows.length) return;
    const { client, name } = this;
    // One scan of the table for all of them (it has no index by notice id: a look-up per row was a scan per row).
    const ids = [...new Set(rows.map((r) => r.id))];
    await client`
      insert into ${client(name)} (siren, id, line, notice, title, url, published_on)
      select r.siren, s.id, s.line, s.notice, s.title, s.url, s.published_on
        from unnest(${rows.map((r) => r.id)}::varchar[], ${rows.map((r) => r.siren)}::varchar[]) as r(id, siren)
        join (select distinct on (id) * from ${client(name)} where id = any(${ids}) order by id, line) s on s.id = r.id`;
  }

  /** Drops the table (the COPY, if still open, is abandoned first). */
  async drop(): Promise<void> {
    if (!this.copy.writableFinished) {
      this.copy.destroy(new Error('import stopped'));
      await finished(this.copy).catch(() => {});
    }
    try {
      await dropStagingTable(this.client, this.name);
    } finally {
      this.client.release();
    }
  }
}
