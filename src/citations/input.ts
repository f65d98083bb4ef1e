// The sources and quotes every write must carry: an article already known, or
// a new one described in full.
import { eq, like, type SQL, sql } from 'drizzle-orm';
import slugify from 'slugify';
import { z } from 'zod';
import { type Db, executePrepared } from '../db/client.js';
import { sources } from '../db/schema/index.js';
import { DomainError } from '../domain/errors.js';
import { fullDate, slugSchema } from '../domain/fields.js';
import { isRouteSegment, slugMaxLength } from '../domain/vocabulary.js';

export const newSourceInput = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    title: z.string().trim().min(1).max(500),
    outlet: z.string().trim().min(1).max(200),
    author: z.string().trim().min(1).max(200).nullable().default(null),
    published_on: fullDate.nullable().default(null),
    published_as_printed: z.string().trim().min(1).max(200).nullable().default(null),
  })
  .meta({ id: 'NewSource', description: 'A source not yet in the directory.' });

export const citationInput = z
  .strictObject({
    source: z.union([slugSchema, newSourceInput]).meta({ description: 'The id of a known source, or a new source.' }),
    quote: z.string().trim().min(1, { error: 'must not be empty' }).max(5000),
    fields: z
      .array(z.string().min(1).max(100))
      .max(50)
      .default([])
      .meta({ description: 'The attributes the quote supports.' }),
  })
  .meta({ id: 'CitationToAdd' });

export type CitationInput = z.infer<typeof citationInput>;

export const citationsInput = z
  .array(citationInput)
  .max(50)
  .meta({ description: 'At least one source and verbatim quote for what the request states or changes.' });

/** The class of the advisory locks (two-key form: this class, `hashtext` of the URL) held while a new source is made. */
const sourceUrlLockClass = 5_127_003;

/**
 * Takes, until the end of the transaction `db` runs in, the lock of each URL (in sorted order, so that two writes
 * citing the same new sources never wait for each other crosswise). Outside a transaction it holds for one statement.
 */
async function lockSourceUrls(db: Db, urls: string[]): Promise<void> {
  if (!urls.length) return;
  await db.execute(sql`
    select pg_advisory_xact_lock(${sourceUrlLockClass}, hashtext(u))
      from (select distinct u from unnest(${sql.param(urls)}::text[]) u order by u) sorted`);
}

/**
 * The id of a known source, or of the new source it describes (created once per URL): a write citing one source
 * (a headcount's link, a club's officer, a proceeding's practitioner). Throws a DomainError `unprocessable` for an
 * unknown id, `conflict` when five ids in a row were taken meanwhile.
 */
export async function saveSource(db: Db, source: CitationInput['source']): Promise<string> {
  if (typeof source === 'string') {
    const [known] = await db.select({ id: sources.id }).from(sources).where(eq(sources.id, source));
    if (!known)
      throw new DomainError(
        'unprocessable',
        `No source has the id '${source}'; give a known source id or a new source.`,
      );
    return known.id;
  }
  // A write citing the same new source at the same time waits for the other's transaction to end, then finds its
  // source by the URL (without the lock, the URL could be looked up before the other's commit and the free ids
  // after it: two sources of one URL).
  await lockSourceUrls(db, [source.url]);
  const [sameUrl] = await db
    .select({ id: sources.id })
    .from(sources)
    .where(eq(sources.url, source.url))
    .orderBy(sources.id)
    .limit(1);
  return sameUrl?.id ?? (await createSource(db, source));
}

/**
 * Creates a new source under a free id made of its outlet, date and title (`-2`, `-3`… when taken) and returns
 * that id. The caller holds its URL's lock (`lockSourceUrls`) and found no source of that URL: taken once per write,
 * for one source or a batch. Another source taking the same id meanwhile: the insert skips, the next id is tried;
 * after five, a DomainError `conflict`.
 */
async function createSource(db: Db, source: z.infer<typeof newSourceInput>): Promise<string> {
  const base = slugify(`${source.outlet} ${source.published_on ?? ''} ${source.title}`, {
    lower: true,
    strict: true,
    locale: 'fr',
  })
    .slice(0, slugMaxLength - 8)
    .replace(/-+$/, '');
  for (let attempt = 0; attempt < 5; attempt++) {
    const taken = new Set(
      (
        await db
          .select({ id: sources.id })
          .from(sources)
          .where(like(sources.id, `${base}%`))
      ).map((r) => r.id),
    );
    let id = base || 'source';
    for (let n = 2; taken.has(id) || isRouteSegment(id); n++) id = `${base}-${n}`;
    const [made] = await db
      .insert(sources)
      .values({ id, ...source })
      .onConflictDoNothing()
      .returning({ id: sources.id });
    if (made) return made.id;
  }
  throw new DomainError(
    'conflict',
    `The source ${source.url} is being added by another write; send the request again.`,
  );
}

/** A citation as stored and as the history records it. */
export interface SavedCitation {
  source_id: string;
  quote: string;
  fields: string[];
}

/** The source ids of citations: known ids checked in one query, new sources created once per URL. */
async function sourceIds(db: Db, list: CitationInput['source'][]): Promise<Map<CitationInput['source'], string>> {
  const ids = new Map<CitationInput['source'], string>();
  const known = [...new Set(list.filter((s): s is string => typeof s === 'string'))];
  if (known.length) {
    const found = new Set(
      (await executePrepared<{ id: string }>(db, sql`select id from sources where id = any(${sql.param(known)})`)).map(
        (r) => r.id,
      ),
    );
    const unknown = known.find((id) => !found.has(id));
    if (unknown) {
      throw new DomainError(
        'unprocessable',
        `No source has the id '${unknown}'; give a known source id or a new source.`,
      );
    }
    for (const id of known) ids.set(id, id);
  }
  // The URLs' locks taken once, all together (see saveSource), then the sources they already have in one query.
  const urls = [...new Set(list.flatMap((s) => (typeof s === 'string' ? [] : [s.url])))];
  if (!urls.length) return ids;
  await lockSourceUrls(db, urls);
  const byUrl = new Map<string, string>();
  const stored = await db.execute<{ id: string; url: string }>(
    sql`select id, url from sources where url = any(${sql.param(urls)}) order by id`,
  );
  for (const r of stored) if (!byUrl.has(r.url)) byUrl.set(r.url, r.id);
  for (const source of list) {
    if (typeof source === 'string') continue;
    const id = byUrl.get(source.url) ?? (await createSource(db, source));
    byUrl.set(source.url, id);
    ids.set(source, id);
  }
  return ids;
}

/**
 * The sources of a batch of writes' citations, each list about one subject: known source ids checked, new sources
 * created once per URL. Returns each list as stored and as the history records it, by its key; the citations
 * themselves are stored by `storeCitations`, once their subjects' rows are written.
 */
export async function resolveCitations<Key>(
  db: Db,
  lists: { key: Key; list: CitationInput[] }[],
): Promise<Map<Key, SavedCitation[]>> {
  const ids = await sourceIds(
    db,
    lists.flatMap((l) => l.list.map((c) => c.source)),
  );
  return new Map(
    lists.map(({ key, list }) => [
      key,
      list.map((c) => ({ source_id: ids.get(c.source)!, quote: c.quote, fields: c.fields })),
    ]),
  );
}

/**
 * The statement storing citations whose sources are resolved (`resolveCitations`), each list about one subject (an
 * entry, by the citations column of its kind): one statement, in order; null when there are none. Returned unsent,
 * for the caller to send after the rows they cite (the write envelope's `StatementPipeline`). A list that `merges`
 * (an import's change, which confirms nothing) adds a citation the subject already has (same source, same quote)
 * to it, its fields joining the existing ones, rather than store it twice; else each citation is a new row (citing
 * a fact again confirms it: `added_at`). Without a merging list, one plain multi-row insert (a bulk import's path).
 */
export function storeCitations(
  subjectColumn: string,
  lists: { subject: string; list: SavedCitation[]; merges?: boolean }[],
): SQL | null {
  // Each row built once, in order (`n`), for a bulk import's tens of thousands.
  const rows: (SavedCitation & { subject: string; n: number; merges: boolean })[] = [];
  for (const { subject, list, merges } of lists) {
    for (const { source_id, quote, fields } of list) {
      rows.push({ source_id, quote, fields, subject, n: rows.length, merges: !!merges });
    }
  }
  if (!rows.length) return null;
  const subject = sql.identifier(subjectColumn);
  if (!rows.some((r) => r.merges)) {
    return sql`
      insert into citations (source_id, quote, fields, ${subject})
      select source_id, quote, fields, subject
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as c(source_id varchar, quote text, fields text[], subject varchar, n int)
       order by n`;
  }
  const same = sql`c.${subject} = m.subject and c.source_id = m.source_id and c.quote = m.quote`;
  return sql`
    with given as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as c(source_id varchar, quote text, fields jsonb, subject varchar, n int, merges boolean)),
    -- A merging list's citations once per subject, source and quote, their fields in the order first given.
    merging as (
      select g.subject, g.source_id, g.quote, min(g.n) as n,
             array(select f from given h, jsonb_array_elements_text(h.fields) with ordinality x(f, p)
                    where h.merges and (h.subject, h.source_id, h.quote) = (g.subject, g.source_id, g.quote)
                    group by f order by min(h.n::bigint * 100000 + p)) as fields
        from given g where g.merges group by g.subject, g.source_id, g.quote),
    joined as (
      update citations c
         set fields = array(select f from unnest(c.fields || m.fields) with ordinality u(f, o) group by f order by min(o))
        from merging m where ${same}
      returning m.n)
    insert into citations (source_id, quote, fields, ${subject})
    select source_id, quote, fields, subject from (
      select source_id, quote, array(select jsonb_array_elements_text(fields)) as fields, subject, n
        from given where not merges
      union all
      select source_id, quote, fields, subject, n from merging m
       where not exists (select 1 from citations c where ${same})) r
     order by n`;
}

/** A change of facts without a source is refused. */
export function requireCitations(list: CitationInput[] | undefined, what: string): asserts list is CitationInput[] {
  if (!list?.length) {
    throw new DomainError('unprocessable', `${what} must carry at least one citation: a source and a verbatim quote.`, {
      errors: [{ in: 'body', name: 'citations', message: 'at least one citation is required' }],
    });
  }
}
