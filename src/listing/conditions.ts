// The pieces filters are written with: a value among several on a Meilisearch
// attribute or on a column of the `search_entries` view. Attributes and
// columns are named in code, never by a client; values are always quoted
// (Meilisearch) or bound as parameters (PostgreSQL), never read as syntax.
import { type SQL, sql } from 'drizzle-orm';
import { geography } from '../geo/index.js';

/** A Meilisearch filter string literal. */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Meilisearch: the attribute holds one of the values (or, for an array attribute, any of them does). */
export function meiliIn(attribute: string, values: readonly string[]): string {
  return `${attribute} IN [${values.map(quoteFilterValue).join(', ')}]`;
}

/** PostgreSQL, on `search_entries`: the column holds one of the values; `array` for a column of several. */
export function entryIn(column: string, values: readonly string[], options: { array?: boolean } = {}): SQL {
  const list = sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
  return options.array
    ? sql`${sql.identifier(column)}::text[] && array[${list}]::text[]`
    : sql`${sql.identifier(column)}::text in (${list})`;
}

/**
 * Entries match a postal code when they carry it, or when their postal code is
 * unknown and their commune is one it serves (most sites of a city with
 * several postal codes, such as Amiens, have no known postal code). In Paris,
 * Lyon and Marseille a postal code serves one arrondissement (`75016`: 75116):
 * there the arrondissement must be the one, not just the commune.
 */
export function postalArea(codes: readonly string[]): {
  postal: string[];
  communes: string[];
  arrondissements: string[];
} {
  const geo = geography();
  const arrondissements = codes.flatMap((c) => geo.arrondissementOfPostalCode(c)?.code ?? []);
  const communes = codes.filter((c) => !geo.arrondissementOfPostalCode(c)).flatMap((c) => geo.communesOfPostalCode(c));
  return { postal: [...codes], communes: [...new Set(communes)], arrondissements: [...new Set(arrondissements)] };
}
