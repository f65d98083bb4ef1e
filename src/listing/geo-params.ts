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

/** A former region's name (accents and capitals as one likes), written as the reference writes it: `Picardie`. */
export const formerRegionValue = z.string().transform((value, ctx) => {
  const former = geography().formerRegion(value);
  if (former) return former.name;
  ctx.addIssue({ code: 'custom', message: `unknown former region '${value}'` });
  return z.NEVER;
});

export const departementValue = z.string().refine((v) => geography().departements.has(v), {
  error: (i) => `unknown département code '${String(i.input)}'`,
});

/**
 * A commune filter's code: today's commune (`75056`: all of Paris), an arrondissement of Paris, Lyon or
 * Marseille (`75116`: its own entries), or a former code, which stands for today's commune (`50173`, 50129).
 */
export const codeCommuneValue = z.string().transform((value, ctx) => {
  const place = geography().placeOfCode(value);
  if (place) return place.arrondissement?.code ?? place.commune.code;
  ctx.addIssue({ code: 'custom', message: `unknown INSEE commune code '${value}'` });
  return z.NEVER;
});

/** A postal code of La Poste's base, or one that may be a CEDEX code (`75700`), which entries keep as written. */
export const codePostalValue = z
  .string()
  .refine((v) => /^\d{5}$/.test(v) && (geography().postalCodeExists(v) || geography().couldBeCedex(v)), {
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
