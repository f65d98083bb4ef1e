// zod schemas shared by the routes of the modules (problems, pages, ids,
// citations…). Schemas with an `id` become named components of the OpenAPI
// document. The fields' own schemas (slug, partial date, website) live in
// domain/fields.ts.
import { z } from 'zod';
import { partialDate, rowIdParam, slugSchema } from '../domain/fields.js';
import { coordinatePrecisions } from '../domain/sirene-codes.js';
import { headcountKinds } from '../domain/vocabulary.js';
import { embeddedLimit } from '../listing/embedded.js';
import { facetsSchema, searchReach } from '../search/params.js';

export const idParams = z.strictObject({
  id: slugSchema.meta({ description: 'The stable id (slug) of the entry.', example: 'ipg-roubaix' }),
});

/** A headcount figure of a site or an operator. */
export const headcountParams = idParams.extend({ headcountId: rowIdParam });

/** For routes that take no query parameter: any given is refused. */
export const noQuery = z.strictObject({});

export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'A relative URI naming the kind of problem.' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().meta({ description: 'The request path.' }),
    code: z.string().meta({ description: 'Machine-readable error code.' }),
    request_id: z.string(),
    errors: z
      .array(
        z.object({
          in: z.string().meta({ description: '`query`, `path`, `body` or `header`.' }),
          name: z.string().meta({ description: 'The parameter or field at fault.' }),
          message: z.string(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem details object.' });

/** A problem answered before the request could be read (431): no instance nor request id. */
export const connectionProblemSchema = problemSchema
  .pick({ type: true, title: true, status: true, detail: true, code: true })
  .meta({ id: 'ConnectionProblem', description: 'A problem found before the request could be read.' });

export const citationSchema = z
  .object({
    source_id: z.string(),
    source_title: z.string(),
    source_published_on: partialDate
      .nullable()
      .meta({ description: 'Its source’s date, as precise as the source is dated (`2026-05` for a monthly stock).' }),
    quote: z.string().meta({ description: 'Verbatim quote of the source.' }),
    fields: z.array(z.string()).meta({ description: 'The attributes this quote supports.' }),
    added_at: z.string().meta({ format: 'date-time', description: 'When the citation was recorded.' }),
  })
  .meta({ id: 'Citation' });

export const lastConfirmedSchema = z.record(z.string(), z.string()).meta({
  description:
    'For each attribute a citation supports, when the newest such citation was recorded in the directory ' +
    '(its `added_at`): not the date of its source, which is the citation’s `source_published_on`.',
});

/** A fact that carries its own source (a headcount, a role, a membership). */
export const sourcedFact = {
  source_id: z.string(),
  quote: z.string(),
};

/**
 * How an appointment ended (modules/proceedings/queries.ts `appointmentEndFields`): what the lists of practitioners
 * (a proceeding's, a practitioner's former appointments) give of it.
 */
export const appointmentEndSchema = {
  ended_on: partialDate.nullable().meta({
    description: 'When a later judgment replaced them in their role: its date (null while current, or not read).',
  }),
  ended_notice_id: z
    .string()
    .nullable()
    .meta({
      description:
        'The BODACC notice of the judgment that replaced them: set for a former appointment a notice ended, null for a ' +
        'current one (and for one a write ended: `ended_on` set, its link’s citation stating the end).',
    }),
  ended_source_id: z.string().nullable().meta({ description: 'The source of that notice.' }),
  ended_quote: z.string().nullable().meta({ description: 'The words of that notice naming the replacement.' }),
};

export const entityRef = z.object({ id: z.string(), name: z.string() }).meta({ id: 'EntityRef' });

export const placeSchema = {
  country: z.string().meta({ description: 'ISO 3166-1 alpha-2 country code.' }),
  address: z.string().nullable(),
  commune: z.string().nullable().meta({ description: "Commune (France, today's name) or city (abroad)." }),
  commune_label: z.string().nullable().meta({
    description:
      "The commune as lists show it: with its département's code when the name is shared, `Saint-Denis (974)`.",
  }),
  commune_as_written: z.string().nullable().meta({
    description: "The commune as the source wrote it, when not today's name (`Cherbourg-Octeville`, `PARIS CEDEX 07`).",
  }),
  code_commune: z.string().nullable().meta({ description: 'INSEE code of the commune.' }),
  code_arrondissement: z
    .string()
    .nullable()
    .meta({ description: 'INSEE code of the arrondissement of Paris, Lyon or Marseille (`75116`), when known.' }),
  arrondissement: z.string().nullable().meta({ description: 'Its name (`Paris 16e Arrondissement`).' }),
  code_postal: z.string().nullable().meta({ description: 'Postal code, a CEDEX one as written.' }),
  departement_code: z.string().nullable(),
  departement_name: z.string().nullable(),
  region_code: z.string().nullable(),
  region_name: z.string().nullable().meta({ description: "Today's region." }),
  former_region_name: z
    .string()
    .nullable()
    .meta({ description: 'The region before 2016, as the press still names it.' }),
};

/**
 * An entry's distance from the point of `near`, in km: in lists, exports and search hits, only with `near`
 * (absent without it). Declared once, for every answer that carries it.
 */
export const distanceKmSchema = z
  .number()
  .nullable()
  .optional()
  .meta({
    description:
      'With `near`: the great-circle distance from its point, in km, rounded to 0.01 km (haversine on a sphere of ' +
      'the Earth’s mean radius, 6,371.0088 km; within about 0.5 % of the distance on the ellipsoid). Absent ' +
      'without `near`; null for an entry without a position, which `near` never selects. Measured from the ' +
      'entry’s position as it is known: from an `approximate` one (`coordinates_precision`: the commune’s centre), ' +
      'it is the distance to that centre, not to the site.',
  });

/**
 * A search hit's `coordinates_precision` beside its `distance_km` (lists carry it with every site): only with `near`.
 */
export const hitPrecisionSchema = z
  .enum(coordinatePrecisions)
  .nullable()
  .optional()
  .meta({
    description:
      'With `near`: how precise the position `distance_km` is measured from is: `exact` (the address) or ' +
      '`approximate` (the commune’s centre, a poor geocoding: the distance is to it, give or take the commune’s ' +
      'size); null without a position. Absent without `near`.',
  });

export const timestampsSchema = {
  created_at: z.string().meta({ format: 'date-time' }),
  updated_at: z.string().meta({ format: 'date-time' }),
};

/** A list page; a searchable one also carries facet counts and the degraded marker. */
export function pageSchema<T extends z.ZodType>(item: T, id: string, options: { searchable?: boolean } = {}) {
  return z
    .object({
      data: z.array(item),
      total: z
        .number()
        .int()
        .meta({
          description:
            'Number of entries matching the filters, all pages together: counted on the first page and carried by ' +
            'the cursor. Above 10,000 entries it is an estimate: see `total_exact`. With `q`, the search ' +
            `engine's count, exact up to its reach (${searchReach.toLocaleString('en-US')} matches).`,
        }),
      total_exact: z.boolean().meta({
        description:
          'True when `total` was counted exactly; false when it is an estimate (more than 10,000 entries) or, with ' +
          '`q`, a lower bound (more matches than the search engine counts).',
      }),
      limit: z.number().int(),
      next_cursor: z
        .string()
        .nullable()
        .meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
      ...(options.searchable
        ? {
            facets: facetsSchema
              .optional()
              .meta({ description: 'With `facets`: counts per value of each facet asked.' }),
            degraded: z.boolean().optional().meta({
              description: 'With `q` or `facets`: true when the search engine was unreachable and PostgreSQL answered.',
            }),
          }
        : {}),
    })
    .meta({ id });
}

export const headcountSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(headcountKinds),
    value: z.number().int(),
    as_of: partialDate.nullable(),
    note: z.string().nullable(),
    ...sourcedFact,
  })
  .meta({ id: 'Headcount', description: 'A dated headcount figure with its source.' });

/** The fields of a bounded list a detail embeds (listing/embedded.ts `boundedList`), under `name`. */
type BoundedListFields<Name extends string, Item extends z.ZodType> = { [K in Name]: z.ZodArray<Item> } & {
  [K in `${Name}_total` | `${Name}_url`]: K extends `${Name}_total` ? z.ZodNumber : z.ZodString;
};

/**
 * The schema of a list of other entries a detail embeds that can grow without bound (listing/embedded.ts
 * `boundedList`): `name`, at most `embeddedLimit` of them in `order`; `<name>_total`, how many there are in all;
 * `<name>_url`, the paginated list that gives them all. `what` says what they are (« the sites it runs »), `url` the
 * list's URL as the detail writes it.
 */
export function boundedListSchema<Name extends string, Item extends z.ZodType>(
  name: Name,
  item: Item,
  words: { what: string; order: string; url: string; total?: string },
): BoundedListFields<Name, Item> {
  return {
    [name]: z.array(item).meta({
      description:
        `${words.what}: at most ${embeddedLimit}, ${words.order}. All of them, page by page: \`${name}_url\`; ` +
        `how many: \`${name}_total\`.`,
    }),
    [`${name}_total`]: z
      .number()
      .int()
      .min(0)
      .meta({ description: words.total ?? `How many there are in all: the \`total\` of \`${name}_url\`.` }),
    [`${name}_url`]: z.string().meta({
      description: `The paginated list of all of them, a path of this API: \`${words.url}\`.`,
    }),
  } as BoundedListFields<Name, Item>;
}
