// Writing insolvency practitioners, firms and national bodies.
import { and, countDistinct, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { mandataires, proceedingPractitioners, roles } from '../../db/schema/index.js';
import { shown } from '../../db/withheld.js';
import type { FieldError } from '../../domain/errors.js';
import { countSchema, partialDate, slugSchema, websiteSchema } from '../../domain/fields.js';
import { identifierRefusal, parsePhone, siretSchema } from '../../domain/identifiers.js';
import { placeInputFields, placeInputOf } from '../../domain/place-input.js';
import { mandataireKinds, notAppointed, professions } from '../../domain/vocabulary.js';
import { geography } from '../../geo/index.js';
import { type ColumnsContext, defineWrites } from '../../writes/kind-writes.js';
import { placeColumns, placeGroup, whenSent } from '../../writes/rules.js';
import type { SequenceWords } from '../../writes/sequence.js';
import type { KnownReferences } from '../../writes/spec.js';

const phone = z
  .string()
  .trim()
  .max(30)
  .meta({
    description:
      'A phone number in any usual writing (« 01 44 55 66 77 », « +33 (0)1… », « 0262 … », « +590 … »), valid for its ' +
      'region; without a country code, French: 0 and nine digits. Stored in E.164.',
  });
const count0 = countSchema;

/**
 * The refusals of a practitioner's places that are no commune of the reference geography (@etalab/decoupage-
 * administratif, `geography().placesNamed`: today's communes, their arrondissements and former names): each secondary
 * office, and the cour d'appel, named after the commune of its seat (its words « Cour d'appel de » and a closing
 * « (…) » aside: « Cour d'appel de Saint-Denis (La Réunion) » is Saint-Denis). No list of the cours d'appel is kept:
 * none of the packages holds one, and the seat's name is what a list would check first. A name several communes bear
 * is accepted (the value is kept as written, never placed).
 */
function seatErrors(courtOfAppeal: string | null, offices: string[]): FieldError[] {
  const errors: FieldError[] = [];
  const named = (place: string) => geography().placesNamed(place).length > 0;
  if (courtOfAppeal) {
    const seat = courtOfAppeal
      .replace(/^(cour d['’]appel|tribunal sup[ée]rieur d['’]appel)\s+(de\s+|d['’]\s*|du\s+)?/i, '')
      .replace(/\s*\([^)]*\)$/, '');
    if (!named(seat))
      errors.push({
        in: 'body',
        name: 'court_of_appeal',
        message: `'${courtOfAppeal}' names no commune: a cour d'appel is named after the commune of its seat (« Lyon », « Aix-en-Provence »)`,
      });
  }
  for (const [i, office] of offices.entries()) {
    if (!named(office))
      errors.push({
        in: 'body',
        name: `secondary_offices.${i}`,
        message: `no commune is named '${office}': a secondary office is a commune (« Lyon », « Paris 8e »)`,
      });
  }
  return errors;
}

const hotlineInput = z.strictObject({
  phone,
  opened_on: partialDate.nullable().default(null),
  closed_on: partialDate.nullable().default(null),
  figures_from: partialDate.nullable().default(null),
  figures_to: partialDate.nullable().default(null),
  calls_answered: count0.nullable().default(null),
  practitioners_answering: count0.nullable().default(null),
  average_call_minutes: z.number().min(0).nullable().default(null),
  share_answered_without_wait: z.number().min(0).max(1, { error: 'is a share, from 0 to 1' }).nullable().default(null),
  notes: z.string().trim().min(1).max(2000).nullable().default(null),
});

const mandataireFields = {
  name: z.string().trim().min(1).max(300),
  kind: z.enum(mandataireKinds),
  profession: z.enum(professions).nullable(),
  firm: slugSchema.nullable().meta({ description: 'For a practitioner, the id of their firm (étude).' }),
  ...placeInputFields,
  phone: phone.nullable(),
  website: websiteSchema.nullable(),
  email: z.email({ error: 'must be an e-mail address' }).max(200).nullable(),
  siret: siretSchema.nullable().meta({ description: 'For a firm, its SIRET (14 digits, spaces allowed).' }),
  court_of_appeal: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .nullable()
    .meta({
      description:
        'The cour d’appel whose list the practitioner is on, named by the commune of its seat (« Lyon », « Aix-en-' +
        'Provence », « Cour d’appel de Douai »): a value naming no commune is refused (`seatErrors`).',
    }),
  secondary_offices: z.array(z.string().trim().min(1).max(300)).max(50).meta({
    description:
      'Secondary offices (bureaux annexes), each a commune, kept as written: one no commune bears is refused.',
  }),
  directory_size: count0.nullable(),
  directory_size_as_of: partialDate.nullable(),
  hotline: hotlineInput.nullable(),
  notes: z.string().trim().min(1).max(5000).nullable(),
};

/**
 * The name under which a bulk import's `KnownReferences` hold the ids of mandataires found to be firms (`firmErrors`
 * looks each up once per import batch; an import adds the firms it created or loaded, `knownFirm`).
 */
const firmReferences = 'mandataires:firm';

/** Records in an import's known references that `id` is a firm (it created or read it so in its transaction). */
export function knownFirm(known: KnownReferences | undefined, id: string): void {
  known?.add(firmReferences, id);
}

/**
 * A practitioner's firm must be another entry, shown (an entry withheld is refused as an unknown one), and a firm;
 * only a practitioner has one (`kind` the entry's).
 */
async function firmErrors(db: Db, firmId: string | null, kind: string, context: ColumnsContext): Promise<FieldError[]> {
  if (!firmId) return [];
  if (kind !== 'practitioner') {
    const message = `only a practitioner belongs to a firm, not a ${kind.replaceAll('_', ' ')}`;
    return [{ in: 'body', name: 'firm', message }];
  }
  if (firmId === context.id) return [{ in: 'body', name: 'firm', message: 'cannot be the entry itself' }];
  // An earlier write of the sequence (a row of the file, a write of the batch) made it a firm or something else.
  const kindThen = context.sequence?.reference(firmId, 'kind');
  if (kindThen !== undefined)
    return kindThen === 'firm' ? [] : [{ in: 'body', name: 'firm', message: `'${firmId}' is not a firm` }];
  if (context.known?.has(firmReferences, firmId)) return [];
  const created = context.creating.get(firmId);
  const [firm] = created
    ? [{ kind: created.kind }]
    : await db
        .select({ kind: mandataires.kind })
        .from(mandataires)
        .where(and(eq(mandataires.id, firmId), shown(mandataires)));
  if (!firm) return [{ in: 'body', name: 'firm', message: `unknown mandataire '${firmId}'` }];
  if (firm.kind !== 'firm') return [{ in: 'body', name: 'firm', message: `'${firmId}' is not a firm` }];
  if (!created) knownFirm(context.known, firmId);
  return [];
}

/**
 * A firm that practitioners still name as theirs stays a firm: refused at `kind` (members withheld counted too), its
 * members as the earlier writes of the sequence leave them (`sequence`: those they gave it count, those they moved
 * away do not).
 */
async function membersKept(db: Db, firmId: unknown, sequence?: SequenceWords): Promise<FieldError[]> {
  const { to, away } = sequence?.refers
    ? sequence.referrers('firm', String(firmId))
    : { to: [] as string[], away: [] as string[] };
  const [row] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from mandataires
         where firm_id = ${String(firmId)} and not (id = any(${sql.param(away)}::text[]))`,
  );
  if (!row?.n && !to.length) return [];
  const message = `practitioners name it as their firm: it stays a firm until they are moved to another one`;
  return [{ in: 'body', name: 'kind', message }];
}

export const mandataireWrites = defineWrites('Mandataire', mandataireFields, {
  target: { name: 'mandataire', tableName: 'mandataires', citationColumn: 'mandataire_id' },
  groups: [placeGroup],
  datedBy: { directory_size: 'directory_size_as_of' },
  defaults: { country: 'FR', secondary_offices: [] },
  // A hotline's dates are those of a service that ran: none to come (it has no status saying it is announced).
  dates: [
    { field: 'directory_size_as_of' },
    { field: 'hotline.opened_on' },
    { field: 'hotline.closed_on', ends: 'hotline.opened_on' },
    { field: 'hotline.figures_from' },
    { field: 'hotline.figures_to', ends: 'hotline.figures_from' },
  ],
  fromRow: (row) => ({
    name: row.name as string,
    kind: row.kind as (typeof mandataireKinds)[number],
    profession: row.profession as (typeof professions)[number] | null,
    firm: row.firm_id as string | null,
    ...placeInputOf(row),
    phone: row.phone as string | null,
    website: row.website as string | null,
    email: row.email as string | null,
    siret: row.siret as string | null,
    court_of_appeal: row.court_of_appeal as string | null,
    secondary_offices: row.secondary_offices as string[],
    directory_size: row.directory_size as number | null,
    directory_size_as_of: row.directory_size_as_of as string | null,
    hotline: row.hotline as z.output<typeof hotlineInput> | null,
    notes: row.notes as string | null,
  }),
  async toColumns(db: Db, input, context) {
    const { place, errors } = placeColumns(input, context);
    const phoneNumber = input.phone ? parsePhone(input.phone)?.e164 : null;
    if (input.phone && !phoneNumber) {
      errors.push(
        ...whenSent(context, 'phone', [
          { in: 'body', name: 'phone', message: `'${input.phone}' is not a phone number` },
        ]),
      );
    }
    const hotlinePhone = input.hotline ? parsePhone(input.hotline.phone)?.e164 : null;
    if (input.hotline && !hotlinePhone) {
      const message = `'${input.hotline.phone}' is not a phone number`;
      errors.push(...whenSent(context, 'hotline', [{ in: 'body', name: 'hotline.phone', message }]));
    }
    const firmChecked = context.sent.has('firm') || context.sent.has('kind');
    if (firmChecked) errors.push(...(await firmErrors(db, input.firm, input.kind, context)));
    if (context.row?.kind === 'firm' && input.kind !== 'firm')
      errors.push(...(await membersKept(db, context.row.id, context.sequence)));
    errors.push(
      ...whenSent(context, 'court_of_appeal', seatErrors(input.court_of_appeal, [])),
      ...whenSent(context, 'secondary_offices', seatErrors(null, input.secondary_offices)),
    );
    const siretRefused = input.siret ? identifierRefusal(input.siret, 'SIRET') : null;
    if (siretRefused)
      errors.push(...whenSent(context, 'siret', [{ in: 'body', name: 'siret', message: siretRefused }]));
    return {
      errors,
      columns: {
        name: input.name,
        kind: input.kind,
        profession: input.profession,
        firm_id: input.firm,
        ...place,
        phone: phoneNumber ?? (context.sent.has('phone') ? null : input.phone),
        website: input.website,
        email: input.email,
        siret: input.siret,
        court_of_appeal: input.court_of_appeal,
        secondary_offices: input.secondary_offices,
        directory_size: input.directory_size,
        directory_size_as_of: input.directory_size_as_of,
        hotline: input.hotline ? { ...input.hotline, phone: hotlinePhone ?? input.hotline.phone } : null,
        notes: input.notes,
      },
    };
  },
  // A SIRET is one establishment's: a site holding it is that establishment (writes/spec.ts).
  identifiers: [
    {
      field: 'siret',
      column: 'siret',
      label: 'SIRET',
      sharedWith: [{ kind: 'site', tableName: 'sites', column: 'siret' }],
    },
  ],
  references: [{ field: 'firm', kind: 'mandataire', tableName: 'mandataires' }],
  // A firm an earlier write of a file or batch makes or unmakes, and the members it gives or moves (`firmErrors`,
  // `membersKept`).
  sequenceFields: ['firm', 'kind'],
  idWords: (input) => input.name,
  /**
   * Refused: a firm into one of its members; and a merge that would give the survivor links its kind cannot hold
   * (the duplicate's members, when the survivor is not a firm; its proceedings, when it is the national body).
   */
  async checkMerge(db, from, to) {
    const [member] = await db.execute(sql`select 1 from mandataires where id = ${to} and firm_id = ${from}`);
    if (member) {
      return (
        `'${to}' is a member of the firm '${from}': a firm cannot be merged into one of its own members. ` +
        `Merge '${to}' into '${from}' instead, or change its firm first.`
      );
    }
    const [links] = await db.execute<{ kind: string; members: number; proceedings: number }>(sql`
      select (select kind from mandataires where id = ${to}) as kind,
             (select count(*)::int from mandataires where firm_id = ${from}) as members,
             (select count(*)::int from proceeding_practitioners where mandataire_id = ${from}) as proceedings`);
    if (links && links.members > 0 && links.kind !== 'firm') {
      return `'${from}' has members and '${to}' is not a firm: its members would belong to no firm. Merge it into a firm.`;
    }
    const refusal = links && links.proceedings > 0 ? notAppointed(to, links.kind) : null;
    return refusal ? `'${from}' holds roles in proceedings and ${refusal}: merge it into one.` : null;
  },
  async moveReferences(db, from, to) {
    await db
      .update(mandataires)
      .set({ firm_id: to })
      .where(sql`${mandataires.firm_id} = ${from} and ${mandataires.id} <> ${to}`);
    await db.update(roles).set({ mandataire_id: to }).where(eq(roles.mandataire_id, from));
    // Every column of the link moved: its notice, dates and powers, and its end when a later judgment replaced them.
    await db.execute(sql`
      insert into proceeding_practitioners (proceeding_id, mandataire_id, role, source_id, quote, notice_id,
                                            appointed_on, powers, ended_notice_id, ended_on, ended_quote)
      select proceeding_id, ${to}, role, source_id, quote, notice_id, appointed_on, powers, ended_notice_id, ended_on,
             ended_quote
        from proceeding_practitioners where mandataire_id = ${from}
      on conflict do nothing`);
  },
  /** Members (withdrawn ones counted apart: `withheld`) and proceedings still naming the entry. */
  async dependents(db, id) {
    const [[members], [handled]] = await Promise.all([
      db
        .select({
          shown: sql<number>`count(*) filter (where ${shown(mandataires)})::int`,
          withheld: sql<number>`count(*) filter (where not ${shown(mandataires)})::int`,
        })
        .from(mandataires)
        .where(eq(mandataires.firm_id, id)),
      // Proceedings, not appointments: one practitioner may hold two roles in one proceeding.
      db
        .select({ n: countDistinct(proceedingPractitioners.proceeding_id) })
        .from(proceedingPractitioners)
        .where(eq(proceedingPractitioners.mandataire_id, id)),
    ]);
    return [
      { label: 'members', shown: members!.shown, withheld: members!.withheld },
      { label: 'proceedings', shown: handled!.n, withheld: 0 },
    ].filter((d) => d.shown > 0 || d.withheld > 0);
  },
});
