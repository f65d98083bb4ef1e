// Where an entry is, as a write gives it: checked against the reference
// geography (the INSEE code exists, the postal code is one of the commune's,
// the name agrees with the code) and completed from it.
import { z } from 'zod';
import { type Commune, foldName, geography, placeOfCommune } from '../geo/index.js';
import type { FieldError } from './errors.js';
import { countrySchema } from './fields.js';

export const placeInputFields = {
  country: countrySchema,
  address: z.string().trim().min(1).max(300).nullable(),
  commune: z.string().trim().min(1).max(200).nullable().meta({ description: 'Commune (France) or city (abroad).' }),
  departement: z
    .string()
    .regex(/^(\d{2}|2A|2B|97\d)$/, { error: 'must be a département code' })
    .nullable(),
  code_commune: z
    .string()
    .regex(/^(\d{5}|2[AB]\d{3})$/, { error: 'must be an INSEE commune code (5 characters)' })
    .nullable(),
  code_postal: z
    .string()
    .regex(/^\d{5}$/, { error: 'must be 5 digits' })
    .nullable(),
};

export const placeFieldNames = Object.keys(placeInputFields) as (keyof typeof placeInputFields)[];

export interface PlaceInput {
  country?: string | undefined;
  address?: string | null | undefined;
  commune?: string | null | undefined;
  departement?: string | null | undefined;
  code_commune?: string | null | undefined;
  code_postal?: string | null | undefined;
}

export interface PlaceColumns {
  country: string;
  address: string | null;
  commune: string | null;
  code_commune: string | null;
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
    code_commune: null,
    code_postal: null,
    departement_code: null,
    departement_name: null,
    region_code: null,
    region_name: null,
    former_region_name: null,
  };
}

/** The place fields of a stored row, as a write takes them. */
export function placeInputOf(row: Record<string, unknown>) {
  return {
    country: row.country as string,
    address: row.address as string | null,
    commune: row.commune as string | null,
    departement: row.departement_code as string | null,
    code_commune: row.code_commune as string | null,
    code_postal: row.code_postal as string | null,
  };
}

const bad = (name: string, message: string): Resolved => ({ ok: false, errors: [{ in: 'body', name, message }] });

export function resolvePlace(input: PlaceInput): Resolved {
  const country = input.country ?? 'FR';
  const address = input.address ?? null;
  if (country !== 'FR') {
    for (const field of ['departement', 'code_commune', 'code_postal'] as const) {
      if (input[field]) return bad(field, 'is only for places in France');
    }
    return { ok: true, place: placeWithoutCommune(country, address, input.commune ?? null) };
  }
  const geo = geography();
  let commune: Commune | undefined;
  if (input.code_commune) {
    commune = geo.communes.get(input.code_commune);
    if (!commune) return bad('code_commune', `unknown INSEE commune code '${input.code_commune}'`);
    if (input.commune && foldName(input.commune) !== foldName(commune.name)) {
      return bad('commune', `'${input.commune}' is not the name of commune ${commune.code} (${commune.name})`);
    }
  } else if (input.commune) {
    const found = geo.communesNamed(input.commune, input.departement);
    const elsewhere = input.departement && found.length === 0 ? geo.communesNamed(input.commune) : [];
    if (elsewhere.length === 1) {
      const [only] = elsewhere;
      return bad(
        'departement',
        `commune ${only!.code} (${only!.name}) is in département ${only!.departement.code}, not ${input.departement}`,
      );
    }
    if (found.length === 0)
      return bad(
        'commune',
        `no commune is named '${input.commune}'${input.departement ? ` in département ${input.departement}` : ''}`,
      );
    if (found.length > 1) {
      return bad(
        'commune',
        `several communes are named '${input.commune}' (${found.map((c) => c.code).join(', ')}): give code_commune or departement`,
      );
    }
    commune = found[0];
  } else if (input.code_postal) {
    const codes = geo.communesOfPostalCode(input.code_postal);
    if (codes.length === 0) return bad('code_postal', `unknown postal code '${input.code_postal}'`);
    if (codes.length > 1)
      return bad(
        'code_postal',
        `postal code ${input.code_postal} serves several communes (${codes.join(', ')}): give code_commune`,
      );
    commune = geo.communes.get(codes[0]!);
  }
  if (!commune && input.departement) {
    return bad('departement', 'locates nothing alone: give the commune too (it tells apart communes of one name)');
  }
  if (!commune) return { ok: true, place: placeWithoutCommune(country, address, null) };
  if (input.departement && input.departement !== commune.departement.code) {
    return bad(
      'departement',
      `commune ${commune.code} (${commune.name}) is in département ${commune.departement.code}, not ${input.departement}`,
    );
  }
  const resolved = placeOfCommune(commune);
  if (input.code_postal) {
    if (!commune.postalCodes.includes(input.code_postal)) {
      return bad(
        'code_postal',
        `${input.code_postal} is not a postal code of ${commune.name} (${commune.postalCodes.join(', ')})`,
      );
    }
    resolved.code_postal = input.code_postal;
  }
  return { ok: true, place: { country, address, ...resolved } };
}
