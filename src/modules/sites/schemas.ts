import { z } from 'zod';
import { partialDate } from '../../domain/fields.js';
import { coordinatePrecisions, headcountBandCodes } from '../../domain/sirene-codes.js';
import { proceedingKinds, siteStatuses } from '../../domain/vocabulary.js';
import {
  citationSchema,
  distanceKmSchema,
  entityRef,
  headcountSchema,
  lastConfirmedSchema,
  pageSchema,
  placeSchema,
  sourcedFact,
  timestampsSchema,
} from '../../http/schemas.js';

const siteFields = {
  id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()).meta({
    description: 'Other names the site goes by in its sources (Sirene’s enseigne, when the articles differ).',
  }),
  operator: entityRef.nullable(),
  siret: z.string().nullable(),
  ...placeSchema,
  status: z.enum(siteStatuses).nullable(),
  status_as_of: partialDate.nullable().meta({ description: 'When a source last stated the status.' }),
  opened_on: partialDate.nullable().meta({
    description:
      'When the site opened, as precise as its source; for a `planned` site, the opening announced (none reported yet).',
  }),
  closed_on: partialDate.nullable(),
  naf_code: z.string().nullable().meta({ description: 'NAF rév. 2 code of the main activity (APE), `82.20Z`.' }),
  naf_label: z.string().nullable().meta({ description: 'Its label in the NAF table (@socialgouv/codes-naf).' }),
  tranche_effectifs: z
    .string()
    .nullable()
    .meta({ description: "Sirene's headcount band code (tranche d'effectifs): a range, never one number." }),
  effectifs_min: z.number().int().nullable().meta({ description: 'Fewest employees the band covers.' }),
  effectifs_max: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'Most employees the band covers (null for the open band `53`, 10,000 and more).' }),
  annee_effectifs: z.number().int().nullable().meta({ description: 'The year the band describes.' }),
  latitude: z.number().nullable().meta({ description: 'WGS84 latitude, in degrees.' }),
  longitude: z.number().nullable().meta({ description: 'WGS84 longitude, in degrees.' }),
  coordinates_precision: z
    .enum(coordinatePrecisions)
    .nullable()
    .meta({
      description:
        '`exact` (the address), `approximate` (a poor geocoding, or the commune centre), or `unstated` (no source ' +
        "states it: a Sirene stock's Lambert coordinates).",
    }),
  notes: z.string().nullable(),
  ...timestampsSchema,
};

export const siteSummary = z.object({ ...siteFields, distance_km: distanceKmSchema }).meta({ id: 'SiteSummary' });

/** A site's Sirene headcount band as a dated figure of its `headcounts` (modules/headcounts/queries.ts). */
export const headcountBandSchema = z
  .object({
    kind: z.literal('tranche_effectifs'),
    tranche_effectifs: z.enum(headcountBandCodes).meta({ description: "Sirene's headcount band code (`03`)." }),
    effectifs_min: z.number().int().meta({ description: 'Fewest employees the band covers (6 for `03`).' }),
    effectifs_max: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'Most employees the band covers (9 for `03`; null for `53`, 10,000 and more).' }),
    as_of: partialDate.nullable().meta({ description: 'The year the band describes (`annee_effectifs`).' }),
    ...sourcedFact,
  })
  .meta({
    id: 'HeadcountBand',
    description:
      "Sirene's headcount band of the site (tranche d'effectifs): a range of employees in a year, never one " +
      'number, with the citation of the Sirene stock that states it.',
  });

/** An entry of a site's `headcounts`: a figure of a source, or its Sirene headcount band. */
const siteHeadcount = z.union([headcountSchema, headcountBandSchema]).meta({
  description:
    'A dated figure: a number of a source (`Headcount`: employees, jobs planned or created, agents) or the ' +
    "site's Sirene headcount band (`HeadcountBand`, `kind` `tranche_effectifs`), each with its source.",
});

export const siteDetail = z
  .object({
    ...siteFields,
    headcounts: z.array(siteHeadcount).meta({
      description:
        "Dated figures, oldest first: the sources' headcounts and the Sirene headcount bands, one a year, each " +
        "with the stock that states it (the newest is the site's own `tranche_effectifs`).",
    }),
    clients: z.array(
      z.object({
        name: z.string(),
        operator_id: z.string().nullable(),
        current: z.boolean().nullable().meta({ description: 'false for a former client; null when not stated.' }),
        ...sourcedFact,
      }),
    ),
    proceedings: z.array(
      z.object({
        id: z.string(),
        company_name: z.string(),
        kind: z.enum(proceedingKinds),
        date: partialDate.nullable(),
      }),
    ),
    citations: z.array(citationSchema),
    last_confirmed: lastConfirmedSchema,
  })
  .meta({ id: 'Site' });

export const sitePage = pageSchema(siteSummary, 'SitePage', { searchable: true });
