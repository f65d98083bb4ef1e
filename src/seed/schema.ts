// The shape of the files in seed-data/. Every entity and every dated fact
// carries the source it comes from and a quote found verbatim in that source.
import { z } from 'zod';
import { countrySchema, dateExists, fullDate } from '../domain/fields.js';
import {
  clubAffiliations,
  clubKinds,
  clubStatuses,
  headcountKinds,
  mandataireKinds,
  operatorKinds,
  partialDatePattern,
  practitionerRoles,
  proceedingKinds,
  professions,
  siteStatuses,
  slugMaxLength,
  slugPattern,
} from '../domain/vocabulary.js';

const slug = z.string().max(slugMaxLength).regex(slugPattern);
const partialDate = z.string().regex(partialDatePattern).refine(dateExists);
const text = z.string().trim().min(1);
const countryCode = countrySchema;

/** A quote from a source, and which attributes of the entity it supports. */
export const seedCitation = z.strictObject({
  source: slug,
  quote: text,
  fields: z.array(text).default([]),
});

/** A fact that stands on its own (a figure, a role, a membership) with its one quote. */
const sourced = { source: slug, quote: text };

/** Where something is: a French commune (resolved against reference data) or a city abroad. */
const place = {
  country: countryCode.default('FR'),
  /** Name of the commune (France) or city (abroad) as the source gives it. */
  commune: text.nullable().default(null),
  /** Département code, only to tell apart communes that share a name. */
  departement: z
    .string()
    .regex(/^(\d{2}|2A|2B|97\d)$/)
    .nullable()
    .default(null),
  address: text.nullable().default(null),
};

export const seedSource = z.strictObject({
  id: slug,
  title: text,
  outlet: text.nullable(),
  author: text.nullable(),
  url: z.url().nullable().default(null),
  published_as_printed: text.nullable(),
  published_on: fullDate.nullable(),
  /** File name under seed-data/articles/ holding the text the quotes come from. */
  file: text,
  notes: text.nullable().default(null),
});

const headcount = z.strictObject({
  value: z.number().int().nonnegative(),
  kind: z.enum(headcountKinds),
  as_of: partialDate.nullable(),
  note: text.nullable().default(null),
  ...sourced,
});

export const seedOperator = z.strictObject({
  id: slug,
  name: text,
  aliases: z.array(text).default([]),
  kind: z.enum(operatorKinds).nullable(),
  parent: slug.nullable().default(null),
  country: countryCode.nullable().default(null),
  siren: z
    .string()
    .regex(/^\d{9}$/)
    .nullable()
    .default(null),
  website: text.nullable().default(null),
  description: text.nullable().default(null),
  headcounts: z.array(headcount).default([]),
  citations: z.array(seedCitation).min(1),
});

export const seedSite = z.strictObject({
  id: slug,
  name: text,
  aliases: z.array(text).default([]),
  operator: slug.nullable(),
  ...place,
  status: z.enum(siteStatuses).nullable(),
  /** When the status was last stated by a source. */
  status_as_of: partialDate.nullable().default(null),
  opened_on: partialDate.nullable().default(null),
  closed_on: partialDate.nullable().default(null),
  notes: text.nullable().default(null),
  headcounts: z.array(headcount).default([]),
  clients: z
    .array(
      z.strictObject({
        name: text,
        operator: slug.nullable().default(null),
        current: z.boolean().nullable(),
        ...sourced,
      }),
    )
    .default([]),
  citations: z.array(seedCitation).min(1),
});

export const seedClub = z.strictObject({
  id: slug,
  name: text,
  kind: z.enum(clubKinds),
  /** Region served, today's name or a former one as the press writes it. */
  region: text.nullable().default(null),
  ...place,
  member_count: z.number().int().nonnegative().nullable().default(null),
  member_count_as_of: partialDate.nullable().default(null),
  staff_count: z.number().int().nonnegative().nullable().default(null),
  status: z.enum(clubStatuses).nullable(),
  status_as_of: partialDate.nullable().default(null),
  activities: z.array(text).default([]),
  website: text.nullable().default(null),
  notes: text.nullable().default(null),
  affiliations: z
    .array(
      z.strictObject({
        relation: z.enum(clubAffiliations),
        name: text,
        operator: slug.nullable().default(null),
        ...sourced,
      }),
    )
    .default([]),
  citations: z.array(seedCitation).min(1),
});

export const seedMandataire = z.strictObject({
  id: slug,
  name: text,
  kind: z.enum(mandataireKinds),
  profession: z.enum(professions).nullable().default(null),
  /** For a practitioner, the firm (étude) they belong to. */
  firm: slug.nullable().default(null),
  ...place,
  phone: z
    .string()
    .regex(/^\d{10}$/)
    .nullable()
    .default(null),
  website: text.nullable().default(null),
  directory_size: z.number().int().nonnegative().nullable().default(null),
  directory_size_as_of: partialDate.nullable().default(null),
  hotline: z
    .strictObject({
      phone: z.string().regex(/^\d{10}$/),
      opened_on: partialDate.nullable(),
      closed_on: partialDate.nullable(),
      figures_from: partialDate.nullable().default(null),
      figures_to: partialDate.nullable().default(null),
      calls_answered: z.number().int().nonnegative().nullable(),
      practitioners_answering: z.number().int().nonnegative().nullable(),
      average_call_minutes: z.number().nonnegative().nullable(),
      share_answered_without_wait: z.number().min(0).max(1).nullable(),
      notes: text.nullable().default(null),
    })
    .nullable()
    .default(null),
  notes: text.nullable().default(null),
  citations: z.array(seedCitation).min(1),
});

export const seedProceeding = z.strictObject({
  id: slug,
  company_name: text,
  company_description: text.nullable().default(null),
  /** The company, when it is an operator of the directory. */
  operator: slug.nullable().default(null),
  kind: z.enum(proceedingKinds),
  date: partialDate.nullable(),
  court: text.nullable().default(null),
  /** For a takeover, the operator that took the company over. */
  acquirer: slug.nullable().default(null),
  practitioners: z
    .array(z.strictObject({ mandataire: slug, role: z.enum(practitionerRoles).nullable(), ...sourced }))
    .default([]),
  sites: z.array(slug).default([]),
  notes: text.nullable().default(null),
  citations: z.array(seedCitation).min(1),
});

export const seedPerson = z.strictObject({
  id: slug,
  name: text,
  notes: text.nullable().default(null),
  roles: z
    .array(
      z
        .strictObject({
          /** The title as the source words it, e.g. « directeur général France ». */
          title: text,
          operator: slug.nullable().default(null),
          club: slug.nullable().default(null),
          mandataire: slug.nullable().default(null),
          current: z.boolean().nullable(),
          ...sourced,
        })
        .refine((r) => [r.operator, r.club, r.mandataire].filter(Boolean).length <= 1, {
          message: 'a role belongs to at most one organisation',
        }),
    )
    .default([]),
  citations: z.array(seedCitation).min(1),
});

export const seedFiles = {
  sources: z.array(seedSource),
  operators: z.array(seedOperator),
  sites: z.array(seedSite),
  clubs: z.array(seedClub),
  mandataires: z.array(seedMandataire),
  proceedings: z.array(seedProceeding),
  people: z.array(seedPerson),
} as const;

export type SeedData = { [K in keyof typeof seedFiles]: z.infer<(typeof seedFiles)[K]> };
export type SeedCitation = z.infer<typeof seedCitation>;
