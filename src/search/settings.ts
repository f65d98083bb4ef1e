// The index settings, in code, applied at start and on reindex. Their hash
// tells when an index was built with other settings and must be rebuilt.
import { createHash } from 'node:crypto';
import type { Settings } from 'meilisearch';
import formerRegions from '../geo/former-regions.json' with { type: 'json' };
import { divisions } from '../geo/index.js';
import { searchReach } from './params.js';

/** Bump when the shape of the documents changes, to force a rebuild. */
const documentVersion = 11; // 9: a proceeding's `court` as normaliseCourt writes it (the tribunal facet); 10: a firm's SIRET and a proceeding's notices' SIRENs among codes; 11: a court contracted (« du Mans »: its keys « le mans »)

/** The press writes the same thing many ways. Each group is searched as one. */
export const vocabulary: string[][] = [
  [
    "centre d'appels",
    "centre d'appel",
    'centres d’appels',
    'call center',
    'call centre',
    'centre de contacts',
    'centre de relation client',
    'plateforme téléphonique',
  ],
  ['mandataire', 'mandataire judiciaire', 'administrateur judiciaire', 'liquidateur'],
  ['outsourcer', 'externalisateur', 'prestataire', 'bpo'],
  ['redressement', 'redressement judiciaire'],
  ['liquidation', 'liquidation judiciaire'],
  ['dépôt de bilan', 'depot de bilan', 'faillite'],
  ['téléconseiller', 'teleconseiller', 'conseiller clientèle', 'agent'],
];

function synonyms(): Record<string, string[]> {
  const result: Record<string, Set<string>> = {};
  const add = (word: string, others: string[]) => {
    result[word] ??= new Set();
    for (const o of others) if (o !== word) result[word].add(o);
  };
  for (const group of vocabulary) for (const word of group) add(word, group);
  // Today's region also finds what the press filed under its former names.
  // The départements alone: geography()'s communes would cost a CLI seconds here.
  const { departements: byCode } = divisions();
  for (const [former, departements] of Object.entries(formerRegions.regions)) {
    const today = byCode.get(departements[0]!)?.region.name;
    if (today && today !== former) add(today, [former]);
  }
  return Object.fromEntries(Object.entries(result).map(([k, v]) => [k, [...v].sort()]));
}

export const filterableAttributes = [
  'kind',
  'category',
  'status',
  'operator_id',
  'parent_id',
  'profession',
  'mandataire_ids',
  'region_code',
  'former_region_name',
  'departement_code',
  'code_commune',
  'code_arrondissement',
  'code_postal',
  'country',
  'codes',
  'naf_code',
  'tranche_effectifs',
  '_geo',
  'court',
  'court_keys',
  'opened_on',
  'roles',
  // A list's pages with `q` sorted by name continue after the last name and id (meili-query.ts `afterClause`).
  'name',
  'id',
] as const;

/**
 * The attributes a query's words are searched in, by Meilisearch in this order (names and aliases before places
 * before notes) and by the PostgreSQL fallback in the text each one is given (entries.ts `searchedText`).
 */
export const searchableAttributes = [
  'name',
  'aliases',
  'name_variants',
  'operator_name',
  'people',
  'commune',
  'departement_name',
  'former_region_name',
  'region_name',
  'keywords',
  'codes',
  'court',
  'opened_on',
  'roles',
  'description',
] as const;

/** One of the attributes searched. */
export type SearchableAttribute = (typeof searchableAttributes)[number];

export const sortableAttributes = ['name', 'updated_at', '_geo', 'id'] as const;

export function indexSettings(): Settings {
  return {
    searchableAttributes: [...searchableAttributes],
    displayedAttributes: ['*'],
    filterableAttributes: [...filterableAttributes],
    sortableAttributes: [...sortableAttributes],
    // A sort asked for (name, date of change, distance) orders the hits: first, before relevance, which orders
    // them when none is asked (the rule then does nothing). Meilisearch's default puts it after words, typo,
    // proximity and attribute, where it only breaks ties: `sort=distance` with `q` came out of distance order.
    rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
    // France has 101 départements; facets must count them all.
    faceting: { maxValuesPerFacet: 500 },
    // Counted and paged exactly up to the engine's reach (params.ts), not Meilisearch's default of 1,000.
    pagination: { maxTotalHits: searchReach },
    typoTolerance: { disableOnAttributes: ['codes'], disableOnNumbers: true },
    synonyms: synonyms(),
    separatorTokens: [],
    nonSeparatorTokens: [],
  };
}

export function settingsHash(): string {
  return createHash('sha256')
    .update(JSON.stringify({ documentVersion, settings: indexSettings() }))
    .digest('hex');
}
