// Ids of entries: slugs made from their words, never reused (a deleted or
// merged id keeps its tombstone), and the refusal for an id with no row.
import { type SQL, sql } from 'drizzle-orm';
import slugify from 'slugify';
import { type Db, executePrepared } from '../db/client.js';
import { nameLookupKey } from '../db/schema/columns.js';
import { shown } from '../db/withheld.js';
import { DomainError, unprocessable } from '../domain/errors.js';
import { withoutFormatCharacters } from '../domain/text.js';
import { isRouteSegment, slugMaxLength } from '../domain/vocabulary.js';
import { type Tombstone, tombstoneOf } from '../history/read.js';

/** Where ids live: a table, and the kind whose tombstones also hold ids (null for people, who have none). */
export interface IdSpace {
  name: string | null;
  tableName: string;
}

/** The slug of some words, short enough to take a `-2` suffix. */
export function slugOf(words: string): string {
  return slugify(words, { lower: true, strict: true, locale: 'fr' })
    .slice(0, slugMaxLength - 4)
    .replace(/-+$/, '');
}

/**
 * Words as an entry is told apart by them: Unicode NFC, without invisible format characters (a soft hyphen, a
 * joiner: domain/text.ts `withoutFormatCharacters`), spaces of every kind collapsed (« Vendo\u0302me » is « Vendôme »,
 * « Name\u00a0» and « Name\u00ad » are « Name »).
 */
export function sameWords(words: string): string {
  return withoutFormatCharacters(words.normalize('NFC')).replace(/\s+/g, ' ').trim();
}

/**
 * The key two names are compared by when telling duplicates: `sameWords`, in lower case (« TÉLÉPERFORMANCE » is
 * « Téléperformance »; accents still count: « Cafe » is not « Café »).
 */
export function nameKey(words: string): string {
  return sameWords(words).toLocaleLowerCase('fr');
}

/** A name column's lookup key (db/schema/columns.ts `nameLookupKey`), as its index has it. */
export const nameLookup = (column: string): SQL => sql.raw(`(${nameLookupKey(column)})`);

/** The lookup key of a name given (`nameLookupKey` of a parameter), compared with `nameLookup` of a column. */
export const nameLookupOf = (name: string): SQL => nameLookupOfSql(sql`${name}::text`);

/** `nameLookupOf` of an SQL expression of a text (a batch's names, `DuplicateCandidates`). */
const nameLookupOfSql = (name: SQL): SQL =>
  sql`regexp_replace(lower(${name} collate "fr-x-icu"), '[^[:alnum:]]+', '', 'g')`;

/**
 * The condition that `column` (an id column, or an SQL expression of one) starts with `prefix` (not empty): a range
 * in the "C" collation, byte order, which the tables' `idPrefixIndex` (db/schema/columns.ts) serves, where `like` and
 * `~` on an id are served by no index of a database whose collation is not "C" (C.UTF-8 is not, to PostgreSQL 15).
 */
export function idsStartingWith(column: SQL, prefix: string): SQL {
  return sql`(${column} collate "C" >= ${prefix} and ${column} collate "C" < ${prefixEnd(prefix)})`;
}

/** The first text in byte order after every text starting with `prefix`: its last character's successor. */
function prefixEnd(prefix: string): string {
  const last = prefix.codePointAt(prefix.length - 1)!;
  return prefix.slice(0, -1) + String.fromCodePoint(last + 1);
}

/**
 * The condition that `column` (an id column) is an id made from the slug `base`: `base` itself, or `base-2`,
 * `base-3`…; each arm an index look-up (the primary key, `idsStartingWith`), the pattern checked on the range found.
 */
export function slugVariants(column: SQL, base: string): SQL {
  return sql`(${column} = ${base} or (${idsStartingWith(column, `${base}-`)} and ${column} ~ ${`^${base}-[0-9]+$`}))`;
}

/**
 * The entry of `space` that one made of `words` would duplicate: one whose own words (`wordsOf` its row) are the same
 * once normalised (`nameKey`: `sameWords` in lower case), found among those whose id was made from the same words (its slug, or the slug with
 * a `-2`… suffix) and, when `named` is given, those whose name (`named.column`) has the lookup key of `named.value`
 * (`nameLookup`: written in another case, or renamed since its id was made, which it keeps). `except` (the entry a change is made to) is none, nor a row `apart`
 * says is another real thing (two SIRETs: two establishments of one name). Null when there is
 * none: an entry whose words only slug alike (« Café » and « Cafe ») is another, and a withheld one
 * (db/withheld.ts) is none, as it is to every public read: a write must not tell that it exists.
 */
export async function duplicateOf(
  db: Db,
  space: IdSpace,
  words: string,
  wordsOf: (row: Record<string, unknown>) => string,
  options: {
    named?: { column: string; value: string };
    except?: string;
    apart?: (row: Record<string, unknown>) => boolean;
    /** Take the words' lock first (`lockWords`): the caller's transaction then writes what the look-up allowed. */
    lock?: boolean;
    /** The candidates of a batch read together (`DuplicateCandidates`): used when they cover these words and name. */
    candidates?: DuplicateCandidates | undefined;
  } = {},
): Promise<string | null> {
  const { named, except, apart } = options;
  if (options.lock) await lockWords(db, space, words);
  const rows =
    (!options.lock && options.candidates?.of(words, named?.value)) ||
    (await db.execute<Record<string, unknown> & { id: string }>(candidatesQuery(space, words, named)));
  const wanted = nameKey(words);
  return rows.find((row) => row.id !== except && !apart?.(row) && nameKey(wordsOf(row)) === wanted)?.id ?? null;
}

/** The class of the advisory locks (two-key form: this class, `hashtext` of the table and the words' key) of `lockWords`. */
const wordsLockClass = 7_311_043;

/**
 * Holds, until the caller's transaction ends, the lock of `words` (once normalised: `nameKey`) in `space`'s table, so
 * that two writes giving two entries the same words at the same instant (two renames into one name, verify32 fault
 * 04) are checked one after the other: the second waits for the first to commit, then its look-up (a statement of
 * its own, so read after the lock is taken) sees the first's entry and is refused (409), as when sent one after the
 * other. A transaction advisory lock in its own statement: taken in the look-up's statement, the look-up would read
 * from the snapshot taken before the wait. Waits up to the connection's `lock_timeout` (the API's: 3 s, then 409
 * « held by another write »).
 */
async function lockWords(db: Db, space: IdSpace, words: string): Promise<void> {
  await executePrepared(
    db,
    sql`select pg_advisory_xact_lock(${wordsLockClass}, hashtext(${`${space.tableName}:${nameKey(words)}`}))`,
  );
}

/**
 * The rows of `space` `duplicateOf` compares (every column): those whose id was made from the slug of `words`, or
 * whose `named.column` has the lookup key of `named.value`, shown to the public. Exported for its plan's test.
 */
export function candidatesQuery(space: IdSpace, words: string, named?: { column: string; value: string }): SQL {
  const base = slugOf(words);
  // Every arm an index look-up (a BitmapOr: one not served by an index made the whole condition a scan of the table,
  // run for every create and rename): the slug variants by the ids' indexes (`slugVariants`), the name by the very
  // expression of its lookup index (db/schema/columns.ts `nameLookupIndex`): every name `nameKey` holds the same
  // (« RENAMED SITE » for « Renamed site ») has the same lookup key.
  const bySlug = base ? slugVariants(sql`id`, base) : sql`false`;
  const byName = named ? sql`${nameLookup(named.column)} = ${nameLookupOf(named.value)}` : sql`false`;
  return sql`select * from ${sql.identifier(space.tableName)} where (${bySlug} or ${byName}) and ${shown(space.tableName)}`;
}

/**
 * The rows `candidatesQuery` finds for each of a batch's words and names, read in one query for the whole batch (a
 * chunk of an import's rows, a batch of the envelope) rather than one a row: the rows whose id was made from each slug
 * (`slugVariants`, by the ids' indexes) and those whose name has each name's lookup key (by its lookup index, the one
 * expression `nameLookup`). `of` gives the rows for words and a name as `candidatesQuery` would find them, or null
 * when the batch read did not cover them (the caller then queries them itself). Memory: the rows found, each once a
 * slug or name. Read without a lock: not for a write whose words are locked (`duplicateOf`'s `lock`).
 */
export class DuplicateCandidates {
  private constructor(
    private readonly bySlug: Map<string, Row[]>,
    private readonly byName: Map<string, Row[]>,
  ) {}

  /** Reads the candidates of `requests` (`words`, and the `name` when the name column is looked up) of `space`. */
  static async read(
    db: Db,
    space: IdSpace,
    nameColumn: string,
    requests: readonly { words: string; name?: string | undefined }[],
  ): Promise<DuplicateCandidates> {
    const bases = [...new Set(requests.map((r) => slugOf(r.words)))].filter(Boolean);
    // PostgreSQL takes no NUL: such a name is left to `duplicateOf`'s own query (whose row its check refuses).
    const names = [...new Set(requests.flatMap((r) => (r.name === undefined ? [] : [r.name])))].filter(
      (n) => !n.includes('\u0000'),
    );
    const rows =
      bases.length || names.length
        ? await db.execute<Row & { __slug: string | null; __name: string | null }>(
            batchCandidatesQuery(space, nameColumn, bases, names),
          )
        : [];
    const bySlug = new Map<string, Row[]>(bases.map((b) => [b, []]));
    const byName = new Map<string, Row[]>(names.map((n) => [n, []]));
    for (const { __slug, __name, ...row } of rows) {
      if (__slug !== null) bySlug.get(__slug)?.push(row);
      else if (__name !== null) byName.get(__name)?.push(row);
    }
    return new DuplicateCandidates(bySlug, byName);
  }

  /** The rows `candidatesQuery(space, words, name && { value: name })` finds, or null when not read. */
  of(words: string, name?: string): Row[] | null {
    const base = slugOf(words);
    const slugRows = base ? this.bySlug.get(base) : [];
    const nameRows = name === undefined ? [] : this.byName.get(name);
    if (!slugRows || !nameRows) return null;
    const found = new Map<string, Row>();
    for (const row of [...slugRows, ...nameRows]) found.set(row.id, row);
    return [...found.values()];
  }
}

type Row = Record<string, unknown> & { id: string };

/**
 * The query of `DuplicateCandidates.read`: each row of `space` whose id was made from one of `bases` (slugs), with the
 * base (`__slug`), and each whose `nameColumn` has the lookup key of one of `names`, with the name (`__name`); shown
 * to the public. Each base and name an index look-up, as in `candidatesQuery`. Exported for its plan's test.
 */
export function batchCandidatesQuery(space: IdSpace, nameColumn: string, bases: string[], names: string[]): SQL {
  const table = sql.identifier(space.tableName);
  return sql`
    select q.base as __slug, null::text as __name, t.*
      from unnest(${sql.param(bases)}::text[]) q(base)
      cross join lateral (select * from ${table} where ${slugVariantsOf(sql`q.base`)} and ${shown(space.tableName)}) t
    union all
    select null, q.asked, t.* from ${table} t
      join (select n as asked, ${nameLookupOfSql(sql`n`)} as key from unnest(${sql.param(names)}::text[]) n) q
        on ${nameLookup(nameColumn)} = q.key
     where ${nameLookup(nameColumn)} = any(array(select ${nameLookupOfSql(sql`n`)} from unnest(${sql.param(names)}::text[]) n))
       and ${shown(space.tableName, 't')}`;
}

/** `slugVariants` of an SQL expression of the base (a batch's bases, `DuplicateCandidates`), on `id`. */
function slugVariantsOf(base: SQL): SQL {
  // The range of `idsStartingWith(id, base + '-')`: '.' follows '-'. A slug holds no character `~` reads specially.
  return sql`(id = ${base} or ((id collate "C" >= (${base} || '-') and id collate "C" < (${base} || '.'))
              and id ~ ('^' || ${base} || '-[0-9]+$')))`;
}

/**
 * Ids among `candidates` held by a row or a tombstone (a delete, a merge, a withholding: `tombstonesOf`; an entry
 * published again after it was withheld has its row), in one prepared statement: a batch's creates wait for it.
 */
async function takenIds(db: Db, space: IdSpace, candidates: string[]): Promise<Set<string>> {
  if (!candidates.length) return new Set();
  const ids = sql.param(candidates);
  const rows = await executePrepared<{ id: string }>(
    db,
    space.name
      ? sql`select id from ${sql.identifier(space.tableName)} where id = any(${ids})
            union select entity_id from changes
             where entity_kind = ${space.name} and entity_id = any(${ids}) and action in ('delete', 'merge', 'withhold')`
      : sql`select id from ${sql.identifier(space.tableName)} where id = any(${ids})`,
  );
  return new Set(rows.map((r) => r.id));
}

/** Why an id asked for cannot be taken: it is a fixed segment of the routes (`isRouteSegment`). */
export const routeSegmentRefusal = (id: string): string =>
  `'${id}' is the path of a route of every kind (/v1/<kind>/${id}), not an id`;

/**
 * The ids of new entries, in order: the one asked for (409 when taken, even
 * by a deleted entry: ids are never reused; 422 naming `id` when it is a fixed
 * segment of the routes, `export`), or one made from the words (`acme`, then
 * `acme-2`…; never such a segment), distinct within the batch too.
 */
export async function reserveIds(
  db: Db,
  space: IdSpace,
  requests: { wanted?: string | undefined; words: string }[],
): Promise<string[]> {
  const wanted = requests.flatMap((r) => (r.wanted ? [r.wanted] : []));
  const segment = wanted.find(isRouteSegment);
  if (segment) throw unprocessable([{ in: 'body', name: 'id', message: routeSegmentRefusal(segment) }]);
  const taken = await takenIds(db, space, wanted);
  const seen = new Set<string>();
  const clash = wanted.find((id) => taken.has(id) || seen.size === seen.add(id).size);
  if (clash) throw new DomainError('conflict', await takenInWords(db, space, clash));
  const bases = requests.map((r) => r.wanted ?? (slugOf(r.words) || space.name || 'entry'));
  // Everything already starting with one of the bases, in one look.
  const prefixes = [...new Set(requests.flatMap((r, i) => (r.wanted ? [] : [bases[i]!])))];
  const used = new Set(wanted);
  if (prefixes.length) {
    // Each prefix a range of the ids' index (`idsStartingWith`) and of the tombstones' (db/schema/access.ts
    // `changes_tombstone_id_idx`: the changes neither a create nor an update, which hold the tombstones `takenIds`
    // reads; the others are of entries with a row).
    const bounds = sql`unnest(${sql.param(prefixes)}::text[], ${sql.param(prefixes.map(prefixEnd))}::text[]) as b(lo, hi)`;
    const rows = await db.execute<{ id: string }>(sql`
      select t.id from ${bounds} join ${sql.identifier(space.tableName)} t
        on t.id collate "C" >= b.lo and t.id collate "C" < b.hi
      ${
        space.name
          ? sql`union select c.entity_id from ${bounds} join changes c
                   on c.entity_kind = ${space.name} and c.action not in ('create', 'update')
                  and c.entity_id collate "C" >= b.lo and c.entity_id collate "C" < b.hi`
          : sql``
      }`);
    for (const r of rows) used.add(r.id);
  }
  return requests.map((r, i) => {
    if (r.wanted) return r.wanted;
    const base = bases[i]!;
    let id = base;
    // A fixed segment of the routes (`export`) is no id: « Export » takes `export-2`.
    for (let n = 2; used.has(id) || isRouteSegment(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
}

/**
 * Why a create may not take `id` (409): held by an entry, or by an ended one, told by how it ended (`refusalOf`'s
 * words: merged into '<survivor>', deleted, withdrawn); an entry withheld, or merged into one withheld since, is told
 * only as taken, never naming the withheld survivor.
 */
async function takenInWords(db: Db, space: IdSpace, id: string): Promise<string> {
  const taken = `The id '${id}' is taken (ids are never reused, even after a delete)`;
  const tombstone = space.name ? await tombstoneOf(db, space.name, id) : null;
  if (!space.name || !tombstone || tombstone.action === 'withhold') return `${taken}.`;
  const end = refusalOf(space.name, id, tombstone).message;
  return `${taken}: ${end.charAt(0).toLowerCase()}${end.slice(1)}`;
}

/**
 * What an id whose entry is not shown answers, from its tombstone (history/read.ts `tombstoneOf`): 410 when merged
 * (with the survivor), deleted, withheld (a source says it may not be published: its row is kept, shown by no
 * public read) or withdrawn (its BODACC notices corrected: its row is kept, shown by no public read), else 404.
 */
export function refusalOf(kind: string, id: string, tombstone: Tombstone | null | undefined): DomainError {
  if (tombstone?.action === 'merge') {
    return new DomainError('gone', `The ${kind} '${id}' was merged into '${tombstone.merged_into}'.`, {
      mergedInto: { kind, id: tombstone.merged_into ?? '' },
    });
  }
  if (tombstone?.action === 'withhold') return withheldRefusal(kind, id);
  if (tombstone?.action === 'withdraw') {
    return new DomainError(
      'gone',
      `The ${kind} '${id}' was withdrawn on ${tombstone.at.toISOString()}: the BODACC notices it was made of were ` +
        'withdrawn by corrections (its history cites them); a later notice naming it shows it again.',
    );
  }
  if (tombstone) return new DomainError('gone', `The ${kind} '${id}' was deleted on ${tombstone.at.toISOString()}.`);
  return new DomainError('not_found', `No ${kind} has the id '${id}'.`);
}

/**
 * What a withheld entry's own id answers, to a read as to a write of it (410): a source says it may not be published
 * (INSEE's Sirene: statutDiffusion P). A reference to it from another entry is refused as an unknown id instead.
 */
export function withheldRefusal(kind: string, id: string): DomainError {
  return new DomainError(
    'gone',
    `The ${kind} '${id}' is withheld: INSEE's Sirene says it is not to be published (statutDiffusion P).`,
  );
}

/**
 * The refusal for each id with no row shown, in order (`refusalOf`), from its `tombstoneOf` as its detail reads it:
 * an id merged into an entry withheld since is refused as withheld, never naming the withheld survivor.
 */
export async function missingEntries(db: Db, kind: string, ids: string[]): Promise<DomainError[]> {
  return Promise.all(ids.map(async (id) => refusalOf(kind, id, await tombstoneOf(db, kind, id))));
}
