import { z } from 'zod';
import { partialDate } from '../../domain/fields.js';
import { mandataireKinds, proceedingKinds, professions } from '../../domain/vocabulary.js';
import {
  appointmentEndSchema,
  boundedListSchema,
  citationSchema,
  entityRef,
  lastConfirmedSchema,
  pageSchema,
  placeSchema,
  sourcedFact,
  timestampsSchema,
} from '../../http/schemas.js';
import { embeddedLimit } from '../../listing/embedded.js';
import { roleSchema } from '../people/schemas.js';

export const hotlineSchema = z
  .object({
    phone: z.string().meta({ description: 'E.164, such as +33800942564.' }),
    opened_on: partialDate.nullable().meta({ description: 'When it opened, if a source says so.' }),
    closed_on: partialDate.nullable().meta({ description: 'When it closed, if a source says so.' }),
    figures_from: partialDate.nullable().meta({
      description:
        'Start of the period its reported figures cover, as the source gives it: not necessarily its opening.',
    }),
    figures_to: partialDate.nullable().meta({
      description: 'End of the period its reported figures cover, as the source gives it: not necessarily its closing.',
    }),
    calls_answered: z.number().int().nullable(),
    practitioners_answering: z.number().int().nullable(),
    average_call_minutes: z.number().nullable(),
    share_answered_without_wait: z.number().nullable().meta({ description: 'Between 0 and 1.' }),
    notes: z.string().nullable(),
  })
  .meta({ id: 'Hotline', description: 'A telephone hotline the body ran, with its reported figures.' });

const mandataireFields = {
  id: z.string(),
  name: z.string(),
  kind: z.enum(mandataireKinds),
  profession: z.enum(professions).nullable(),
  firm: entityRef.nullable(),
  ...placeSchema,
  phone: z.string().nullable().meta({ description: 'E.164, such as +33144556677.' }),
  website: z.string().nullable(),
  email: z.string().nullable(),
  siret: z.string().nullable().meta({ description: 'For a firm, its SIRET.' }),
  court_of_appeal: z.string().nullable().meta({ description: 'The cour d’appel whose list they are on.' }),
  secondary_offices: z.array(z.string()).meta({ description: 'Secondary offices (bureaux annexes).' }),
  directory_size: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'Professionals listed in the directory the body publishes.' }),
  directory_size_as_of: partialDate.nullable(),
  hotline: hotlineSchema.nullable(),
  notes: z.string().nullable(),
  ...timestampsSchema,
};

export const mandataireSummary = z.object(mandataireFields).meta({ id: 'MandataireSummary' });

/** An appointment of a practitioner's entry: the proceeding, its company, the role and who of the firm holds it. */
const appointmentSchema = z.object({
  id: z.string(),
  company_name: z.string(),
  kind: z.enum(proceedingKinds),
  date: partialDate.nullable(),
  operator_id: z.string().nullable().meta({ description: 'The company (an operator of the directory), when known.' }),
  role: z.string().nullable().meta({
    description:
      'The role they were appointed in: liquidateur, mandataire_judiciaire, administrateur_judiciaire, commissaire_execution_plan (from BODACC), or as written.',
  }),
  appointed_on: partialDate.nullable().meta({ description: 'The date of the judgment that appointed them.' }),
  closed_on: partialDate.nullable().meta({ description: 'When the proceeding was closed, if it was.' }),
  practitioner: entityRef.meta({
    description: 'The practitioner appointed: this one, or, in a firm’s entry, the member of the firm.',
  }),
  notice_id: z.string().nullable().meta({ description: 'The BODACC notice that designated them, when one did.' }),
  ...sourcedFact,
});

export const mandataireDetail = z
  .object({
    ...mandataireFields,
    phone_national: z
      .string()
      .nullable()
      .meta({ description: 'The phone number as the French dial it: « 01 44 55 66 77 », « 0262 12 34 56 ».' }),
    hotline: z
      .object({
        phone: hotlineSchema.shape.phone,
        phone_national: z.string().meta({ description: 'The hotline’s number as the French dial it.' }),
        ...hotlineSchema.omit({ phone: true }).shape,
      })
      .meta({ description: hotlineSchema.meta()?.description })
      .nullable(),
    ...boundedListSchema('members', entityRef, {
      what: 'For a firm, its practitioners',
      order: 'by name as the list sorts them (its first page)',
      url: '/v1/mandataires?firm=<id>',
    }),
    people: z.array(roleSchema),
    ...boundedListSchema('proceedings', appointmentSchema, {
      what:
        'Their current mandates: the proceedings not closed they are appointed in and not replaced (for a firm, ' +
        'those of its members; one item per appointment, so a proceeding two members are appointed in appears twice)',
      order: 'the latest opened first (`date`, then `appointed_on`, newest first; then `id`)',
      url: '/v1/proceedings?mandataire=<id>&status=open&sort=-date',
      total:
        'How many proceedings they hold a current mandate in, each counted once (a firm: through its members): the ' +
        '`total` of `proceedings_url`.',
    }),
    former_proceedings: z
      .array(
        appointmentSchema.extend({
          ended_by: z.enum(['later_judgment', 'closure']).meta({
            description:
              'What ended it: `later_judgment` (a later judgment replaced or discharged them, or a write stated the end) ' +
              'or `closure` (the proceeding was closed: `ended_on` is its `closed_on`, `ended_notice_id` its ' +
              'clôture notice, `ended_source_id` and `ended_quote` what its closure is cited by).',
          }),
          ...appointmentEndSchema,
        }),
      )
      .meta({
        description:
          `Former appointments, at most ${embeddedLimit}, the latest ended first: those a later judgment ended by ` +
          'replacing them in their role, and those held until their proceeding closed (all of these: ' +
          '`/v1/proceedings?mandataire=<id>&status=closed`); how many: `former_proceedings_total`.',
      }),
    former_proceedings_total: z.number().int().min(0).meta({ description: 'How many former appointments in all.' }),
    citations: z.array(citationSchema),
    last_confirmed: lastConfirmedSchema,
  })
  .meta({ id: 'Mandataire' });

export const mandatairePage = pageSchema(mandataireSummary, 'MandatairePage', { searchable: true });
