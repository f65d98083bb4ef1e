// Query parameters naming places, checked against the reference geography.
// Names follow the French State's company-search API.
import { type Column, inArray, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { geography } from '../geo/index.js';
import { commaList } from './pagination.js';

/** A region filter: today's region (by code) or a former region (by its name). */
export type RegionFilter = { region_code: string } | { former_region: string };

const regionItem = z.string().transform((value, ctx): RegionFilter => {
  const geo = geography();
  const former = geo.formerRegion(value);
  const region = geo.regions.get(value) ?? (former ? null : geo.resolveRegion(value));
  if (region) return { region_code: region.code };
  if (former) return { former_region: former.name };
  ctx.addIssue({ code: 'custom', message: `unknown region '${value}'` });
  return z.NEVER;
});

export const regionParam = commaList(
  regionItem,
  "Region: INSEE code (`32`), today's name (`Hauts-de-France`) or a former name used by the press (`Picardie`).",
);

export const departementParam = commaList(
  z.string().refine((v) => geography().departements.has(v), {
    error: (i) => `unknown département code '${String(i.input)}'`,
  }),
  'Département code (`80`, `2A`, `974`).',
);

export const codeCommuneParam = commaList(
  z.string().refine((v) => geography().communes.has(v), {
    error: (i) => `unknown INSEE commune code '${String(i.input)}'`,
  }),
  'INSEE commune code (`80021`).',
);

export const codePostalParam = commaList(
  z.string().refine((v) => /^\d{5}$/.test(v) && geography().postalCodeExists(v), {
    error: (i) => `unknown postal code '${String(i.input)}'`,
  }),
  'Postal code (`80000`).',
);

export const countryParam = commaList(
  z
    .string()
    .refine((v) => /^[A-Za-z]{2}$/.test(v), {
      error: (i) => `'${String(i.input)}' is not an ISO 3166-1 alpha-2 country code`,
    })
    .transform((v) => v.toUpperCase()),
  'Country, ISO 3166-1 alpha-2 (`FR`, `MA`).',
);

/** Rows in any of the regions, today's or former. */
export function regionCondition(
  filters: RegionFilter[],
  regionColumn: Column,
  formerRegionColumn: Column,
): SQL | undefined {
  const codes = filters.flatMap((f) => ('region_code' in f ? [f.region_code] : []));
  const formers = filters.flatMap((f) => ('former_region' in f ? [f.former_region] : []));
  return or(
    codes.length ? inArray(regionColumn, codes) : undefined,
    formers.length ? inArray(formerRegionColumn, formers) : undefined,
  );
}
