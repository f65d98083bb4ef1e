// Search answered by PostgreSQL when Meilisearch cannot: full-text search with
// the French configuration that folds accents (plateau_fr), trigram
// similarity for typos, and facets counted in SQL. Same request, same shape.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { foldName } from '../geo/index.js';
import { type EntryRow, toDocument } from './documents.js';
import {
  exactCode,
  type FacetValue,
  facetAttributes,
  filterAttributes,
  postalArea,
  type SearchOutcome,
  type SearchRequest,
} from './request.js';
import { vocabulary } from './settings.js';

/** Columns of search_entries that hold several values. */
const arrayColumns = new Set(['mandataire_ids', 'codes']);

function inList(column: string, values: string[]): SQL {
  const list = sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
  return arrayColumns.has(column)
    ? sql`${sql.identifier(column)}::text[] && array[${list}]::text[]`
    : sql`${sql.identifier(column)}::text in (${list})`;
}

const fold = (text: string) => foldName(text).replace(/\s+/g, ' ');

/**
 * The full-text query of `q`: its words, and for each phrase of the press
 * vocabulary it contains, any phrase of the same group (« call center » also
 * finds « centre d'appels »). Null when `q` has no word at all.
 */
export function textQuery(q: string): SQL | null {
  if (!/[\p{L}\p{N}]/u.test(q)) return null;
  let rest = ` ${fold(q)} `;
  const groups: SQL[] = [];
  for (const group of vocabulary) {
    const phrase = [...group].sort((a, b) => b.length - a.length).find((p) => rest.includes(` ${fold(p)} `));
    if (!phrase) continue;
    rest = rest.replace(` ${fold(phrase)} `, ' ');
    groups.push(
      sql`(${sql.join(
        group.map((p) => sql`phraseto_tsquery('plateau_fr', ${p})`),
        sql` || `,
      )})`,
    );
  }
  const parts = rest.trim() ? [sql`plainto_tsquery('plateau_fr', ${rest.trim()})`, ...groups] : groups;
  return sql.join(parts, sql` && `);
}

function postalCondition(codes: string[]): SQL {
  const area = postalArea(codes);
  return area.communes.length
    ? sql`(${inList('code_postal', area.postal)} or (code_postal is null and ${inList('code_commune', area.communes)}))`
    : inList('code_postal', area.postal);
}

function conditions(request: SearchRequest): SQL[] {
  const where: SQL[] = [];
  const f = request.filters;
  for (const [name, column] of Object.entries(filterAttributes) as [keyof typeof filterAttributes, string][]) {
    const values = f[name];
    if (values?.length) where.push(inList(column, values));
  }
  if (f.region?.length) {
    const codes = f.region.flatMap((r) => ('region_code' in r ? [r.region_code] : []));
    const formers = f.region.flatMap((r) => ('former_region' in r ? [r.former_region] : []));
    const parts = [
      codes.length ? inList('region_code', codes) : null,
      formers.length ? inList('former_region_name', formers) : null,
    ];
    where.push(
      sql`(${sql.join(
        parts.filter((p): p is SQL => p !== null),
        sql` or `,
      )})`,
    );
  }
  if (f.code_postal?.length) where.push(postalCondition(f.code_postal));
  const codes = exactCode(request.q);
  if (codes) {
    const postal = codes.filter((c) => /^\d{5}$/.test(c));
    where.push(postal.length ? sql`(${inList('codes', codes)} or ${postalCondition(postal)})` : inList('codes', codes));
  } else if (textQuery(request.q)) {
    const q = request.q.trim();
    where.push(sql`(
      to_tsvector('plateau_fr', document) @@ (${textQuery(q)})
      or word_similarity(unaccent(lower(${q})), unaccent(lower(concat_ws(' ', name, array_to_string(aliases, ' '), array_to_string(people, ' '))))) > 0.5
      or regexp_replace(unaccent(lower(name)), '[^a-z0-9]', '', 'g') = regexp_replace(unaccent(lower(${q})), '[^a-z0-9]', '', 'g')
    )`);
  }
  return where;
}

function score(request: SearchRequest): SQL {
  const q = request.q.trim();
  const query = textQuery(q);
  if (!query || exactCode(q)) return sql`0`;
  return sql`ts_rank(to_tsvector('plateau_fr', document), (${query}))
    + word_similarity(unaccent(lower(${q})), unaccent(lower(concat_ws(' ', name, array_to_string(aliases, ' ')))))`;
}

export async function searchPostgres(db: Db, request: SearchRequest): Promise<SearchOutcome> {
  const where = conditions(request);
  const matched = sql`select * from search_entries ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}`;
  const sortKey = request.sort?.key === 'name' ? sql`name collate "fr-x-icu"` : sql`updated_at`;
  const order = request.sort
    ? sql`${sortKey} ${request.sort.descending ? sql`desc` : sql`asc`}, kind, id`
    : sql`score desc, name collate "fr-x-icu", kind, id`;
  const [rows, [count]] = await Promise.all([
    db.execute<EntryRow & { score: number } & Record<string, unknown>>(sql`
      select m.*, ${score(request)} as score from (${matched}) m
       order by ${order}
       limit ${request.limit} offset ${(request.page - 1) * request.limit}`),
    db.execute<{ n: number }>(sql`select count(*)::int as n from (${matched}) m`),
  ]);
  const facets: SearchOutcome['facets'] = {};
  for (const name of request.facets) {
    const column = sql.identifier(facetAttributes[name]);
    const values = await db.execute<FacetValue & Record<string, unknown>>(sql`
      select ${column}::text as value, count(*)::int as count from (${matched}) m
       where ${column} is not null group by 1 order by 2 desc, 1`);
    facets[name] = values.map((v) => ({ value: v.value, count: v.count }));
  }
  return {
    hits: [...rows].map((row) => {
      const document = toDocument(row);
      return { kind: document.kind, id: document.id, name: document.name, label: document.label, highlights: {} };
    }),
    total: count?.n ?? 0,
    facets,
    degraded: true,
  };
}
