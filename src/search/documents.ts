// Meilisearch documents, built from the search entries (the view that
// entries.ts composes from each kind's declaration), which also serve the
// PostgreSQL fallback: one definition of what is searchable.

import type postgres from 'postgres';
import { courtKeys, normaliseCourt } from '../domain/courts.js';
import type { CoordinatePrecision } from '../domain/sirene-codes.js';
import { categoryLabels, proceedingStatusLabels, statusLabels } from '../domain/vocabulary.js';
import { searchEntryColumns } from './entries.js';

/** A row of the search entries; every column of `searchEntryColumns` (src/search/entries.ts). */
export interface EntryRow {
  /** The kind's name (`site`), as the registry declares it. */
  kind: string;
  id: string;
  name: string;
  aliases: string[];
  category: string | null;
  status: string | null;
  operator_id: string | null;
  operator_name: string | null;
  /** The entry this one belongs to: an operator's parent group, a practitioner's firm. */
  parent_id: string | null;
  profession: string | null;
  /** For a proceeding, the practitioners handling it. */
  mandataire_ids: string[];
  people: string[];
  commune: string | null;
  /** The commune with its département when the name is shared: `Saint-Denis (974)`. */
  commune_label: string | null;
  code_commune: string | null;
  /** The arrondissement of Paris, Lyon or Marseille: `75116`. */
  code_arrondissement: string | null;
  code_postal: string | null;
  departement_code: string | null;
  departement_name: string | null;
  region_code: string | null;
  region_name: string | null;
  former_region_name: string | null;
  country: string | null;
  codes: string[];
  keywords: string[];
  description: string | null;
  updated_at: Date | string;
  /** A site's NAF code and headcount band (Sirene). */
  naf_code: string | null;
  tranche_effectifs: string | null;
  /** WGS84 degrees, when the entry has a position. */
  latitude: number | null;
  longitude: number | null;
  /** How precise that position is: `exact` or `approximate` (the commune's centre); null without one. */
  coordinates_precision: CoordinatePrecision | null;
  /** A proceeding's court. */
  court: string | null;
  /** A proceeding's opening date as `YYYYMMDD` (`00` for an unknown month or day). */
  opened_on: number | null;
  /** A practitioner's roles in proceedings. */
  roles: string[];
}

export interface SearchDocument extends Omit<EntryRow, 'updated_at'> {
  /** `<kind>_<id>`: ids are slugs, so the underscore cannot be ambiguous. */
  uid: string;
  /** Spellings a journalist may type: « 5 a sec » for « 5àsec ». */
  name_variants: string[];
  /** A proceeding's court as the tribunal filter compares it (domain/courts.ts `courtKeys`). */
  court_keys: string[];
  label: string;
  updated_at: number;
  /** Meilisearch's geographic attribute (`_geoRadius`, `_geoPoint` sorts): the entry's position, when it has one. */
  _geo?: { lat: number; lng: number };
}

export function documentUid(kind: string, id: string): string {
  return `${kind}_${id}`;
}

/** « 5àsec » → « 5 a sec »: letters and digits apart, a lone accented word split off, accents folded. */
export function spellingVariants(name: string): string[] {
  const folded = name.normalize('NFD').replace(/\p{Diacritic}/gu, '');
  const apart = name
    .replace(/(\d)(\p{L})/gu, '$1 $2')
    .replace(/(\p{L})(\d)/gu, '$1 $2')
    .replace(/(\S)([àÀ])(\S)/gu, '$1 $2 $3')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '');
  return [...new Set([folded, apart])].filter((v) => v !== name);
}

/** A short line to tell entries apart in a list of hits: what it is, where, run by whom, status. */
function labelOf(row: EntryRow): string {
  const place = row.commune_label ?? row.commune ?? row.region_name ?? row.former_region_name;
  const what = categoryLabels[row.profession ?? row.category ?? ''] ?? null;
  // An operator's operator_id is itself, and its operator_name its parent group: not who runs it.
  const runBy = row.operator_id === row.id ? null : row.operator_name;
  const statuses = row.kind === 'proceeding' ? proceedingStatusLabels : statusLabels;
  const parts = [what, place, runBy, row.status ? statuses[row.status] : null];
  return parts.filter(Boolean).join(' · ');
}

export function toDocument(row: EntryRow): SearchDocument {
  return {
    ...row,
    uid: documentUid(row.kind, row.id),
    name_variants: [...new Set([row.name, ...row.aliases].flatMap(spellingVariants))],
    label: labelOf(row),
    // The court as the `tribunal` facet counts it: one writing of each court, whatever was typed (Facet `written`).
    court: normaliseCourt(row.court),
    court_keys: courtKeys(row.court),
    updated_at: new Date(row.updated_at).getTime(),
    ...(row.latitude !== null && row.longitude !== null ? { _geo: { lat: row.latitude, lng: row.longitude } } : {}),
  };
}

/** The columns of the search entries, quoted, for statements written for postgres.js directly. */
export const entryColumnList = Object.keys(searchEntryColumns)
  .map((c) => `"${c}"`)
  .join(', ');

/**
 * Every search document, read with a server-side cursor in batches of `batchSize` (in no particular order): memory
 * holds one batch whatever the size of the directory. Run it inside a transaction for a consistent snapshot.
 */
export async function* documentBatches(
  connection: Pick<postgres.Sql, 'unsafe'>,
  batchSize: number,
): AsyncGenerator<SearchDocument[]> {
  const cursor = connection.unsafe<EntryRow[]>(`select ${entryColumnList} from search_entries`).cursor(batchSize);
  for await (const rows of cursor) yield rows.map(toDocument);
}

// The row type and the view's columns must name the same columns.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const columnsMatch: Same<keyof EntryRow, keyof typeof searchEntryColumns> = true;
void columnsMatch;
