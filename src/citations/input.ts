// The sources and quotes every write must carry: an article already known, or
// a new one described in full.
import { like, type SQL, sql } from 'drizzle-orm';
import slugify from 'slugify';
import { z } from 'zod';
import { type Db, executePrepared } from '../db/client.js';
import { sources, sourceUrlKey } from '../db/schema/index.js';
import { DomainError, type FieldError, unprocessable } from '../domain/errors.js';
import { isToCome, partialDateInUnion, slugSchema } from '../domain/fields.js';
import { maskedText } from '../domain/text.js';
import { isRouteSegment, slugMaxLength } from '../domain/vocabulary.js';
import { isDataSetSourceId } from './records.js';
import { type QuotedSource, requireVerbatim } from './verbatim.js';

/**
 * A source's URL as sources are told apart by it (WHATWG URL, the `URL` class): scheme and host in lower case (and
 * an international host in its ASCII form), no default port (`:443` of https), dot segments resolved (`/a/../b` is
 * `/b`), no fragment (`#…` is a place in the page, not another page), and no trailing slash on a path (`/a/` is `/a`;
 * the root stays `/`). In the path and the query, a percent-encoded unreserved character is the character
 * (`%7E` is `~`, `%41` is `A`: RFC 3986 §6.2.2.2) and other escapes are in capitals (`%c3%a9` is `%C3%A9`, §6.2.2.1).
 * The query is kept: it may name another page. `https://EXAMPLE.org:443/a/%7eb/#x` is `https://example.org/a/~b`.
 * Credentials (`user:pw@`) are kept here, for `sourceIds` to refuse them.
 */
export function normalisedUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  parsed.pathname = percentNormalised(parsed.pathname);
  parsed.search = percentNormalised(parsed.search);
  if (parsed.pathname.length > 1) parsed.pathname = parsed.pathname.replace(/\/+$/, '') || '/';
  return parsed.href;
}

/** A URL component (as `URL` gives it) with its escapes of unreserved characters decoded and the others in capitals. */
function percentNormalised(component: string): string {
  return component.replace(/%[0-9a-f]{2}/gi, (encoded) => {
    const character = String.fromCharCode(Number.parseInt(encoded.slice(1), 16));
    return /^[A-Za-z0-9\-._~]$/.test(character) ? character : encoded.toUpperCase();
  });
}

/** Why a new source's URL may not be stored (it gives credentials, which a public link must not show), or null. */
export function sourceUrlFault(url: string): string | null {
  const { username, password } = new URL(url);
  return username || password
    ? 'must not hold a user name or password (`user:pw@`): give the address as the public reads it'
    : null;
}

/**
 * The key `sources_url_key_idx` (db/schema/sources.ts) holds of a stored URL, which may predate `normalisedUrl`:
 * in lower case, without its fragment nor trailing slashes. A URL's stored sources are among those with its key.
 */
const urlKey = (url: string) => url.split('#')[0]!.replace(/\/+$/, '').toLowerCase();

export const newSourceInput = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .transform(normalisedUrl)
      .meta({
        description:
          'Where the source is read. Compared and stored normalised: scheme and host in lower case, no default port, ' +
          'dot segments resolved, no fragment, no trailing slash on the path, escapes of unreserved characters ' +
          'decoded (`%7E` is `~`) and other escapes in capitals (`https://EXAMPLE.org/a/` is `https://example.org/a`). ' +
          'A URL already known is that source: the description must agree with it (409 otherwise, naming its id to ' +
          'cite). A user name or password in it is refused (422).',
      }),
    title: z.string().trim().min(1).max(500),
    outlet: z.string().trim().min(1).max(200),
    author: z.string().trim().min(1).max(200).nullable().default(null),
    published_on: partialDateInUnion
      .nullable()
      .default(null)
      .meta({
        description:
          'The date of publication, as precise as the source is dated: `2017-04-26`, a monthly issue `2017-04`, a ' +
          'yearly report `2017`. One to come (its whole period) is refused (422).',
      }),
    published_as_printed: z.string().trim().min(1).max(200).nullable().default(null),
  })
  .meta({ id: 'NewSource', description: 'A source not yet in the directory.' });

export const citationInput = z
  .strictObject({
    source: z.union([slugSchema, newSourceInput]).meta({ description: 'The id of a known source, or a new source.' }),
    quote: z
      .string()
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(5000)
      .meta({
        description:
          'The source’s own words. Of a source whose text Plateau holds, whole words of it, word for word, at least ' +
          '2 words and 8 letters or digits (422 at `citations.N.quote` otherwise, the rule in its message). Of a data ' +
          'set whose quotes are records (a Sirene stock: `SIRET … ; column=« value »`), its record, stating what it ' +
          'supports (422 otherwise). INSEE’s mask alone (`[ND]`) is no quote (422), nor a new source’s title, outlet, ' +
          'author or printed date.',
      }),
    fields: z
      .array(z.string().min(1).max(100))
      .max(50)
      .default([])
      .meta({
        description:
          'The attributes the quote supports: fields of the entry’s kind (or of the link the citation is attached ' +
          'to), each once (422 at `citations.N.fields.M` otherwise). Left empty: every attribute the write states ' +
          '(a create: each field it sets; a change: each field it changes).',
      }),
  })
  .meta({ id: 'CitationToAdd' });

export type CitationInput = z.infer<typeof citationInput>;

export const citationsInput = z
  .array(citationInput)
  .max(50)
  .meta({ description: 'At least one source and verbatim quote for what the request states or changes.' });

/**
 * The refusals (422) of citations stating INSEE's mask alone (`[ND]`, domain/text.ts `maskedText`) as a quote or as
 * a new source's text (title, outlet, author, date as printed): the rule of every text a write states, a value not
 * published being no quote nor description. Each named `name(n, part)` (`citations.0.quote`), a source's text
 * further by its field (`citations.0.source.title`).
 */
export function maskedCitations(
  citations: readonly { source: unknown; quote: string }[],
  name: (n: number, part: string) => string,
): FieldError[] {
  return citations.flatMap(({ source, quote }, n): FieldError[] => {
    const found = maskedText({ quote, source });
    if (!found) return [];
    const [part, ...rest] = found.path.split('.');
    return [{ in: 'body', name: [name(n, part!), ...rest].join('.'), message: found.message }];
  });
}

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
 * The id of a known source, or of the new source it describes (created once per URL, `sourceIds`), and when it was
 * published (null when unknown): a write citing one source (a headcount's link, a club's officer, a proceeding's
 * practitioner). Throws a DomainError
 * `unprocessable` for an unknown id, a publication date to come, or a quote not found verbatim in the source's held
 * text (at `citation.quote`, `requireVerbatim`), `conflict` for a description that contradicts the stored source of
 * its URL (at `citation.source`) or when five ids in a row were taken meanwhile.
 */
export async function saveSource(
  db: Db,
  citation: Pick<CitationInput, 'source' | 'quote'>,
): Promise<{ id: string; published_on: string | null }> {
  const masked = maskedCitations([citation], (_, part) => `citation.${part}`);
  if (masked.length) throw unprocessable(masked);
  const sources = await sourceIds(db, [{ source: citation.source, name: 'citation.source' }]);
  const { id } = sources.get(citation.source)!;
  const quoted = [{ source_id: id, quote: citation.quote, name: 'citation.quote' }];
  const published = await requireVerbatim(quoted, new Map([...sources.values()].map((s) => [s.id, s])));
  return { id, published_on: published.get(id) ?? null };
}

export type NewSource = z.infer<typeof newSourceInput>;
/** A new source's description as a stored source of its URL is compared with it. */
const describing = ['title', 'outlet', 'author', 'published_on', 'published_as_printed'] as const;
/** A source as a new source of its URL is compared with it: its id and description. */
export type Described = Pick<NewSource, (typeof describing)[number]> & { id: string };

/**
 * The stored sources of the URLs (normalised, `normalisedUrl`), by URL, the first by id, with the file of their held
 * text (null when none): one look-up through the URL key's index, stored URLs normalised before they are compared.
 */
export async function sourcesOfUrls(db: Db, urls: string[]): Promise<Map<string, Described & { file: string | null }>> {
  const rows = await db.execute<Described & { url: string; file: string | null }>(
    sql`select id, url, title, outlet, author, published_on,
               published_as_printed, file
          from sources where ${sourceUrlKey} = any(${sql.param(urls.map(urlKey))}) order by id`,
  );
  const found = new Map<string, Described & { file: string | null }>();
  for (const { url, ...row } of rows) {
    const key = URL.canParse(url) ? normalisedUrl(url) : url;
    if (!found.has(key)) found.set(key, row);
  }
  return found;
}

/**
 * What of a new source's description another description of its URL (`known`) gives otherwise: each of title,
 * outlet, author, publication date, as printed, given by both and not the same (in Unicode NFC).
 */
export function differingDescription(source: NewSource, known: Omit<Described, 'id'>): (typeof describing)[number][] {
  const same = (a: string | null, b: string | null) =>
    a === null || b === null || a.normalize('NFC') === b.normalize('NFC');
  return describing.filter((field) => !same(source[field], known[field]));
}

/**
 * The refusal (409 at `name`, `citations.0.source`) of a new source's description that another description of its
 * URL contradicts, `known` the stored source (or one described earlier in the same write): each of title, outlet,
 * author, publication date, as printed, given by both and not the same (in Unicode NFC). Null when they agree: the
 * new source is the known one.
 */
export function contradiction(source: NewSource, known: Described, name: string): DomainError | null {
  const differing = differingDescription(source, known);
  if (!differing.length) return null;
  const message =
    `${source.url} is the source '${known.id}', whose ${differing.join(', ')} differ from this description ` +
    `(${differing.map((f) => `« ${known[f]} »`).join(', ')}): cite '${known.id}' by its id, or give the URL of the source you mean`;
  return new DomainError('conflict', `${name}: ${message}`, { errors: [{ in: 'body', name, message }] });
}

/**
 * Creates a new source under a free id made of its outlet, date and title (`-2`, `-3`… when taken) and returns
 * that id. The caller holds its URL's lock (`lockSourceUrls`) and found no source of that URL: taken once per write,
 * for one source or a batch. Another source taking the same id meanwhile: the insert skips, the next id is tried;
 * after five, a DomainError `conflict`.
 */
async function createSource(db: Db, source: NewSource): Promise<string> {
  const words = slugify(`${source.outlet} ${source.published_on ?? ''} ${source.title}`, {
    lower: true,
    strict: true,
    locale: 'fr',
  })
    .slice(0, slugMaxLength - 8)
    .replace(/-+$/, '');
  // A described source is never given a data set's id (`insee-sirene-stock-…`): its quotes are no records of it.
  const base = isDataSetSourceId(words) ? `source-${words}`.slice(0, slugMaxLength - 8).replace(/-+$/, '') : words;
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

/**
 * The sources of citations (`name`: where each is in the body, `citations.0.source`), by the citation's `source`, as
 * the verbatim rule and the rule of dates read them (`QuotedSource`): known ids read in one query (the only read of
 * them in the write), new sources created once per URL. A new source whose URL a source has is that source when its
 * description agrees with it, else a DomainError `conflict` at its name (`contradiction`); an unknown id,
 * `unprocessable`.
 */
async function sourceIds(
  db: Db,
  cited: { source: CitationInput['source']; name: string }[],
): Promise<Map<CitationInput['source'], QuotedSource>> {
  const list = cited.map((c) => c.source);
  const ids = new Map<CitationInput['source'], QuotedSource>();
  const known = [...new Set(list.filter((s): s is string => typeof s === 'string'))];
  if (known.length) {
    const found = new Map(
      (
        await executePrepared<QuotedSource>(
          db,
          sql`select id, file, title, published_on from sources where id = any(${sql.param(known)})`,
        )
      ).map((r) => [r.id, r]),
    );
    const unknown = known.find((id) => !found.has(id));
    if (unknown) {
      throw new DomainError(
        'unprocessable',
        `No source has the id '${unknown}'; give a known source id or a new source.`,
      );
    }
    for (const id of known) ids.set(id, found.get(id)!);
  }
  // A source is published by now (the imports' rule of dates to come, `isToCome`), at an address without credentials.
  const refused = cited.flatMap(({ source, name }): FieldError[] => {
    if (typeof source === 'string') return [];
    const urlFault = sourceUrlFault(source.url);
    return [
      ...(urlFault ? [{ in: 'body' as const, name: `${name}.url`, message: urlFault }] : []),
      ...(source.published_on && isToCome(source.published_on)
        ? [{ in: 'body' as const, name: `${name}.published_on`, message: `${source.published_on} is a date to come` }]
        : []),
    ];
  });
  if (refused.length) throw unprocessable(refused);
  // The URLs' locks taken once, all together (see saveSource), then the sources they already have in one query.
  const urls = [...new Set(list.flatMap((s) => (typeof s === 'string' ? [] : [s.url])))];
  if (!urls.length) return ids;
  await lockSourceUrls(db, urls);
  const byUrl = await sourcesOfUrls(db, urls);
  for (const { source, name } of cited) {
    if (typeof source === 'string') continue;
    const stored = byUrl.get(source.url);
    if (stored) {
      const refusal = contradiction(source, stored, name);
      if (refusal) throw refusal;
      ids.set(source, { id: stored.id, file: stored.file, title: stored.title, published_on: stored.published_on });
      continue;
    }
    const id = await createSource(db, source);
    byUrl.set(source.url, { id, ...source, file: null });
    ids.set(source, { id, file: null, title: source.title, published_on: source.published_on });
  }
  return ids;
}

/**
 * The sources of a batch of writes' citations, each list about one subject: known source ids checked, new sources
 * created once per URL, each quote of a source whose text Plateau holds found in it verbatim (`requireVerbatim`, 422
 * at `citations.N.quote`). Returns each list as stored and as the history records it, by its key (`lists`), and when
 * each source was published, by id (`publishedOn`, null when unknown); the citations themselves are stored by
 * `storeCitations`, once their subjects' rows are written.
 */
export async function resolveCitations<Key>(
  db: Db,
  lists: { key: Key; list: CitationInput[] }[],
): Promise<{ lists: Map<Key, SavedCitation[]>; publishedOn: ReadonlyMap<string, string | null> }> {
  const masked = lists.flatMap((l) => maskedCitations(l.list, (n, part) => `citations.${n}.${part}`));
  if (masked.length) throw unprocessable(masked);
  const sources = await sourceIds(
    db,
    lists.flatMap((l) => l.list.map((c, n) => ({ source: c.source, name: `citations.${n}.source` }))),
  );
  const publishedOn = await requireVerbatim(
    lists.flatMap((l) =>
      l.list.map((c, n) => ({ source_id: sources.get(c.source)!.id, quote: c.quote, name: `citations.${n}.quote` })),
    ),
    new Map([...sources.values()].map((s) => [s.id, s])),
  );
  const saved = new Map(
    lists.map(({ key, list }) => [
      key,
      list.map((c) => ({ source_id: sources.get(c.source)!.id, quote: c.quote, fields: c.fields })),
    ]),
  );
  return { lists: saved, publishedOn };
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

/**
 * The plain insert of `storeCitations` (no list merges) as two `with` clauses of a statement that reads the same rows
 * (the write envelope's history, `recordChanges`, sent once for both): `given`, the citations in order (`source_id`,
 * `quote`, `fields` as `text[]`, `subject`, `n`, and `op`, the key of their list), and `stored`, their insert. Null
 * when there are none.
 */
export function storingCitations(
  subjectColumn: string,
  lists: { subject: string; list: SavedCitation[]; op: number }[],
): SQL | null {
  const rows: (SavedCitation & { subject: string; n: number; op: number })[] = [];
  for (const { subject, list, op } of lists) {
    for (const { source_id, quote, fields } of list)
      rows.push({ source_id, quote, fields, subject, n: rows.length, op });
  }
  if (!rows.length) return null;
  return sql`
    given as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as c(source_id varchar, quote text, fields text[], subject varchar, n int, op int)),
    stored as (
      insert into citations (source_id, quote, fields, ${sql.identifier(subjectColumn)})
      select source_id, quote, fields, subject from given order by n)`;
}

/** A change of facts without a source is refused. */
export function requireCitations(list: CitationInput[] | undefined, what: string): asserts list is CitationInput[] {
  if (!list?.length) {
    throw new DomainError('unprocessable', `${what} must carry at least one citation: a source and a verbatim quote.`, {
      errors: [{ in: 'body', name: 'citations', message: 'at least one citation is required' }],
    });
  }
}
