// Values of the filters naming places, checked against the reference geography.
// Names follow the French State's company-search API.
import { z } from 'zod';
import { countrySchema } from '../domain/fields.js';
import { geography } from '../geo/index.js';

/** A region filter: today's region (by code) or a former region (by its name). */
export type RegionFilter = { region_code: string } | { former_region: string };

export const regionValue = z.string().transform((value, ctx): RegionFilter => {
  const geo = geography();
  const former = geo.formerRegion(value);
  const region = geo.regions.get(value) ?? (former ? null : geo.resolveRegion(value));
  if (region) return { region_code: region.code };
  if (former) return { former_region: former.name };
  ctx.addIssue({ code: 'custom', message: `unknown region '${value}'` });
  return z.NEVER;
});

export const departementValue = z.string().refine((v) => geography().departements.has(v), {
  error: (i) => `unknown département code '${String(i.input)}'`,
});

export const codeCommuneValue = z.string().refine((v) => geography().communes.has(v), {
  error: (i) => `unknown INSEE commune code '${String(i.input)}'`,
});

export const codePostalValue = z.string().refine((v) => /^\d{5}$/.test(v) && geography().postalCodeExists(v), {
  error: (i) => `unknown postal code '${String(i.input)}'`,
});

/** A country filter: an ISO 3166-1 alpha-2 code, checked and put in capitals as the write schemas do. */
export const countryValue = countrySchema;

/** The region codes and the former region names of region filters. */
export function regionsOf(filters: RegionFilter[]): { codes: string[]; formers: string[] } {
  return {
    codes: filters.flatMap((f) => ('region_code' in f ? [f.region_code] : [])),
    formers: filters.flatMap((f) => ('former_region' in f ? [f.former_region] : [])),
  };
}
