// Where an entry is, as a write gives it and as the French write it: checked
// against the reference geography (the INSEE code exists, the postal code is
// one of the commune's, the name agrees with the code) and completed from it.
// Arrondissements of Paris, Lyon and Marseille, communes déléguées, associées
// and former codes, La Poste's spellings and CEDEX codes all lead to today's
// commune; the arrondissement and the name as written are kept beside it.
import { createRequire } from 'node:module';
// The library alone: its main module also loads all of its 80 locales, only French and English are used.
import countries from 'i18n-iso-countries/index.js';
import { z } from 'zod';
import {
  type Commune,
  communeKey,
  communeLabel,
  geography,
  type NamedPlace,
  placeOfCommune,
  postalCodeFitsDepartement,
} from '../geo/index.js';
import type { FieldError } from './errors.js';
import { countrySchema } from './fields.js';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/fr.json'));
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

/** The ISO 3166 code of a country named in French or English (`Monaco` → MC), or undefined. */
function countryNamed(name: string): string | undefined {
  return countries.getAlpha2Code(name, 'fr') ?? countries.getAlpha2Code(name, 'en');
}

export const placeInputFields = {
  country: countrySchema,
  address: z.string().trim().min(1).max(300).nullable(),
  commune: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .nullable()
    .meta({
      description:
        'Commune (France) or city (abroad), as written: today’s name, an arrondissement (`Paris 16e`), a former ' +
        'commune (`Cherbourg-Octeville`), La Poste’s spelling (`ST DENIS`), with or without `CEDEX`.',
    }),
  departement: z
    .string()
    .regex(/^(\d{2}|2A|2B|97\d|98\d)$/, { error: 'must be a département code' })
    .nullable(),
  code_commune: z
    .string()
    .regex(/^(\d{5}|2[AB]\d{3})$/, { error: 'must be an INSEE commune code (5 characters)' })
    .nullable()
    .meta({
      description:
        'INSEE code of the commune, of an arrondissement of Paris, Lyon or Marseille (`75116`), or a former code.',
    }),
  code_postal: z
    .string()
    .regex(/^\d{5}$/, { error: 'must be 5 digits' })
    .nullable()
    .meta({ description: 'Postal code; a CEDEX code when the commune or the address says CEDEX.' }),
};

/** A field of a place as a write gives it (`placeInputFields`). */
export type PlaceField = keyof typeof placeInputFields;

export const placeFieldNames = Object.keys(placeInputFields) as PlaceField[];

/**
 * « give code_commune, departement or code_postal »: the advice of a refusal naming, of the fields that would settle
 * it (`choices`), only those the writer can give (`offered`: the API's every place field; a file its columns, the
 * practitioners' list `commune` and `code_postal`). Null when it can give none of them.
 */
function give(offered: readonly PlaceField[], ...choices: PlaceField[]): string | null {
  const named = choices.filter((c) => offered.includes(c));
  if (!named.length) return null;
  return `give ${named.length > 1 ? `${named.slice(0, -1).join(', ')} or ${named.at(-1)}` : named[0]}`;
}

export interface PlaceInput {
  country?: string | undefined;
  address?: string | null | undefined;
  commune?: string | null | undefined;
  departement?: string | null | undefined;
  code_commune?: string | null | undefined;
  code_postal?: string | null | undefined;
}

/** Where an entry is, as stored: the columns of `place` in src/db/schema/columns.ts. */
export interface PlaceColumns {
  country: string;
  address: string | null;
  /** Today's name of the commune (France), or the city abroad. */
  commune: string | null;
  /** The commune as lists show it: with its département's code when the name is shared (`Saint-Denis (974)`). */
  commune_label: string | null;
  /** The name as the source wrote it, when it is not today's (`Cherbourg-Octeville`, `PARIS CEDEX 07`). */
  commune_as_written: string | null;
  code_commune: string | null;
  /** The arrondissement municipal of Paris, Lyon or Marseille (`75116`), when known. */
  code_arrondissement: string | null;
  /** Its name (`Paris 16e Arrondissement`). */
  arrondissement: string | null;
  code_postal: string | null;
  departement_code: string | null;
  departement_name: string | null;
  region_code: string | null;
  region_name: string | null;
  former_region_name: string | null;
}

type Resolved = { ok: true; place: PlaceColumns } | { ok: false; errors: FieldError[] };

/** A place with no French commune: a city abroad, or nowhere known. */
export function placeWithoutCommune(country: string, address: string | null, commune: string | null): PlaceColumns {
  return {
    country,
    address,
    commune,
    commune_label: commune,
    commune_as_written: null,
    code_commune: null,
    code_arrondissement: null,
    arrondissement: null,
    code_postal: null,
    departement_code: null,
    departement_name: null,
    region_code: null,
    region_name: null,
    former_region_name: null,
  };
}

/**
 * A place known to its département alone (« l'agglomération » of Amiens: in the Somme, the commune not said): the
 * département and its region, the commune null (unknown, never guessed).
 */
function inDepartementOnly(country: string, address: string | null, code: string): Resolved {
  const departement = geography().departements.get(code);
  if (!departement) return bad('departement', `unknown département code '${code}'`);
  return {
    ok: true,
    place: {
      ...placeWithoutCommune(country, address, null),
      departement_code: departement.code,
      departement_name: departement.name,
      region_code: departement.region.code,
      region_name: departement.region.name,
      former_region_name: departement.formerRegion,
    },
  };
}

/** The place fields of a stored row, as a write takes them: they resolve to the same place again. */
export function placeInputOf(row: Record<string, unknown>) {
  return {
    country: row.country as string,
    address: row.address as string | null,
    commune: (row.commune_as_written ?? row.commune) as string | null,
    departement: row.departement_code as string | null,
    code_commune: (row.code_arrondissement ?? row.code_commune) as string | null,
    code_postal: row.code_postal as string | null,
  };
}

/**
 * Export columns that, when set, stand for a place field on import: the name as written and the arrondissement
 * say more than today's commune name and code, so an exported row imports back unchanged.
 */
export const placeImportOverrides = { commune_as_written: 'commune', code_arrondissement: 'code_commune' } as const;

/**
 * The import columns of a kind that has a place (src/import/importer.ts `importColumns`): the export's
 * `departement_code` read as `departement`, the place overrides above, and the kind's own `references`,
 * `renamed` columns and `ownKind` fields.
 */
export function placedImportColumns(own: {
  references?: Record<string, string>;
  renamed?: Record<string, string>;
  ownKind?: readonly string[];
}) {
  return {
    references: own.references,
    ownKind: own.ownKind,
    renamed: { departement_code: 'departement', ...own.renamed },
    overrides: placeImportOverrides,
  };
}

const bad = (name: string, message: string): Resolved => ({ ok: false, errors: [{ in: 'body', name, message }] });

/** The refusal of a département that is not the commune's. */
const notInDepartement = (commune: Commune, departement: string): Resolved =>
  bad(
    'departement',
    `commune ${commune.code} (${commune.name}) is in département ${commune.departement.code}, not ${departement}`,
  );

const postalCodesOf = (p: NamedPlace) => p.arrondissement?.postalCodes ?? p.commune.postalCodes;
const nameOf = (p: NamedPlace) => p.arrondissement?.name ?? p.commune.name;

/** Whether the place as written is a CEDEX (a company's mail distribution): in the commune or the address. */
function saysCedex(input: PlaceInput): boolean {
  return (input.commune ? communeKey(input.commune).cedex : false) || /\bcedex\b/i.test(input.address ?? '');
}

/** `93066 (93, Seine-Saint-Denis)` for each place, to choose among them. */
function candidates(places: NamedPlace[]): string {
  return places
    .map((p) => `${p.commune.code} (${p.commune.departement.code}, ${p.commune.departement.name})`)
    .join(', ');
}

/** Places that are the same commune (and arrondissement) once: the one named by today's name first. */
function distinct(places: NamedPlace[]): NamedPlace[] {
  const seen = new Map<string, NamedPlace>();
  for (const p of places) {
    const key = `${p.commune.code} ${p.arrondissement?.code ?? ''}`;
    const known = seen.get(key);
    if (!known || (known.former && !p.former)) seen.set(key, p);
  }
  return [...seen.values()];
}

/** Whether a written name fits the place a code gave; the arrondissement it names when the code did not. */
function nameFits(written: string, place: NamedPlace): { fits: boolean; arrondissement: NamedPlace['arrondissement'] } {
  const named = geography().placesNamed(written);
  const same = named.filter(
    (n) =>
      n.commune === place.commune &&
      (!n.arrondissement || !place.arrondissement || n.arrondissement === place.arrondissement),
  );
  if (same.length) {
    return {
      fits: true,
      arrondissement: place.arrondissement ?? same.find((n) => n.arrondissement)?.arrondissement ?? null,
    };
  }
  // A CEDEX distribution that names no commune (`PARIS LA DEFENSE CEDEX`): the code says which commune.
  const { key, cedex } = communeKey(written);
  return { fits: cedex && key !== '' && named.length === 0, arrondissement: place.arrondissement };
}

/** The place a name stands for, told apart by the département and the postal code when several bear it. */
function placeNamed(input: PlaceInput & { commune: string }, offered: readonly PlaceField[]): NamedPlace | Resolved {
  const { commune: written, departement, code_postal: postal } = input;
  const geo = geography();
  const named = distinct(geo.placesNamed(written));
  if (named.length === 0) {
    const { key, cedex } = communeKey(written);
    const country = countryNamed(written);
    const hint =
      cedex && key
        ? ` (a CEDEX names a mail distribution: ${give(offered, 'code_commune') ?? 'write the name of its commune'})`
        : country
          ? ` (a country${offered.includes('country') ? `: give country ${country}` : ', not a commune'})`
          : '';
    return bad('commune', `no commune is named '${written}'${hint}`);
  }
  let found = named;
  if (departement) {
    found = found.filter((p) => p.commune.departement.code === departement);
    if (found.length === 0) {
      const [only, ...others] = named;
      return only && !others.length
        ? notInDepartement(only.commune, departement)
        : bad('commune', `no commune is named '${written}' in département ${departement}`);
    }
  }
  if (postal && found.length > 1) {
    // A postal code settles homonyms (Saint-Denis + 97400 is La Réunion's); a CEDEX code, by its département.
    const served = geo.postalCodeExists(postal)
      ? found.filter((p) => postalCodesOf(p).includes(postal))
      : found.filter((p) => postalCodeFitsDepartement(postal, p.commune.departement.code));
    if (served.length === 0) {
      return bad(
        'code_postal',
        `${postal} is a postal code of none of the communes named '${written}' (${candidates(found)})`,
      );
    }
    found = served;
  }
  // Today's name before a former one: « Saint-Denis » is the commune of 93, not a commune déléguée elsewhere.
  const current = found.filter((p) => !p.former);
  if (current.length) found = current;
  if (found.length > 1) {
    return bad(
      'commune',
      `several communes are named '${written}': ${candidates(found)}; ${give(offered, 'code_commune', 'departement', 'code_postal') ?? 'which one is meant is not guessed'}`,
    );
  }
  return found[0]!;
}

/** The commune a postal code alone stands for, and its arrondissement in Paris, Lyon or Marseille. */
function placeOfPostalCode(postal: string, offered: readonly PlaceField[]): NamedPlace | Resolved {
  const geo = geography();
  const codes = geo.communesOfPostalCode(postal);
  if (codes.length === 0) {
    const cedex = geo.couldBeCedex(postal);
    return bad(
      'code_postal',
      cedex
        ? `'${postal}' is no commune's postal code (a CEDEX code does not tell the commune: give the commune)`
        : `unknown postal code '${postal}'`,
    );
  }
  if (codes.length > 1) {
    const advice = give(offered, 'code_commune') ?? give(offered, 'commune') ?? 'which one is meant is not guessed';
    return bad('code_postal', `postal code ${postal} serves several communes (${codes.join(', ')}): ${advice}`);
  }
  const commune = geo.communes.get(codes[0]!)!;
  const arrondissement = geo.arrondissementOfPostalCode(postal);
  return { commune, arrondissement: arrondissement?.commune === commune ? arrondissement : null, former: false };
}

/** The place columns of a French commune (and arrondissement), with the name as written and the postal code. */
function columnsOf(
  input: PlaceInput,
  place: NamedPlace,
  country: string,
): { ok: true; place: PlaceColumns } | { ok: false; errors: FieldError[] } {
  const commune: Commune = place.commune;
  let { arrondissement } = place;
  const postal = input.code_postal ?? null;
  if (postal && !arrondissement) {
    const served = geography().arrondissementOfPostalCode(postal);
    if (served?.commune === commune) arrondissement = served;
  }
  const known = arrondissement?.postalCodes ?? commune.postalCodes;
  if (postal && !known.includes(postal)) {
    // CEDEX codes are not in La Poste's base of postal codes: kept as written when the place says CEDEX.
    const cedex = !geography().postalCodeExists(postal) && postalCodeFitsDepartement(postal, commune.departement.code);
    if (!cedex || !saysCedex(input)) {
      const hint = cedex ? '; a CEDEX code is taken when the commune or the address says CEDEX' : '';
      return bad(
        'code_postal',
        `${postal} is not a postal code of ${arrondissement?.name ?? commune.name} (${known.join(', ')})${hint}`,
      );
    }
  }
  const resolved = placeOfCommune(commune);
  const written = input.commune ?? null;
  return {
    ok: true,
    place: {
      country,
      address: input.address ?? null,
      ...resolved,
      commune_label: communeLabel(commune),
      commune_as_written: written && written !== commune.name ? written : null,
      code_arrondissement: arrondissement?.code ?? null,
      arrondissement: arrondissement?.name ?? null,
      code_postal: postal ?? (known.length === 1 ? known[0]! : null),
    },
  };
}

/**
 * The place columns of a write's place fields, or the errors naming each field at fault. Abroad only the city
 * is kept. In France the commune comes from `code_commune` (today's code, an arrondissement's, a former one),
 * else from `commune` as written (told apart by `departement` and `code_postal` when several bear the name),
 * else from `code_postal` alone; with none of them, `departement` alone places it in that département (and its
 * region), its commune unknown; the reference data is @etalab/decoupage-administratif (INSEE and La Poste).
 * `offered`: the place fields the writer can give (the API's all; a file's columns), the only ones a refusal's
 * advice names (`give`).
 */
export function resolvePlace(input: PlaceInput, offered: readonly PlaceField[] = placeFieldNames): Resolved {
  const country = input.country ?? 'FR';
  const address = input.address ?? null;
  if (country !== 'FR') {
    for (const field of ['departement', 'code_commune', 'code_postal'] as const) {
      if (input[field]) return bad(field, 'is only for places in France');
    }
    return { ok: true, place: placeWithoutCommune(country, address, input.commune ?? null) };
  }
  const geo = geography();
  let place: NamedPlace | undefined;
  if (input.code_commune) {
    const byCode = geo.placeOfCode(input.code_commune);
    if (!byCode) return bad('code_commune', `unknown INSEE commune code '${input.code_commune}'`);
    place = byCode;
    if (input.commune) {
      const { fits, arrondissement } = nameFits(input.commune, byCode);
      if (!fits) {
        return bad(
          'commune',
          `'${input.commune}' is not the name of commune ${input.code_commune} (${nameOf(byCode)})`,
        );
      }
      place = { ...byCode, arrondissement };
    }
  } else if (input.commune) {
    const named = placeNamed({ ...input, commune: input.commune }, offered);
    if ('ok' in named) return named;
    place = named;
  } else if (input.code_postal) {
    const byPostalCode = placeOfPostalCode(input.code_postal, offered);
    if ('ok' in byPostalCode) return byPostalCode;
    place = byPostalCode;
  }
  if (!place && input.departement) return inDepartementOnly(country, address, input.departement);
  if (!place) return { ok: true, place: placeWithoutCommune(country, address, null) };
  const { commune } = place;
  if (input.departement && input.departement !== commune.departement.code) {
    return notInDepartement(commune, input.departement);
  }
  return columnsOf(input, place, country);
}
