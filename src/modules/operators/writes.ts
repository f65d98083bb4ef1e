// Writing operators: their fields, their rules (SIREN check digit, a parent
// group that exists and makes no cycle), what forbids a delete, and how a
// duplicate merges. The write envelope (src/writes/) does the rest.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { shown } from '../../db/withheld.js';
import type { FieldError } from '../../domain/errors.js';
import { aliasesSchema, countrySchema, partialDate, slugSchema, websiteSchema } from '../../domain/fields.js';
import { identifierRefusal, sirenSchema } from '../../domain/identifiers.js';
import { administrativeStatuses, companyCategories } from '../../domain/sirene-codes.js';
import { operatorKinds } from '../../domain/vocabulary.js';
import { type ColumnsContext, defineWrites } from '../../writes/kind-writes.js';
import { aliasErrors, knownReference, mergedAliases, referenceKept, whenSent } from '../../writes/rules.js';
import type { SequenceWords } from '../../writes/sequence.js';
import type { Dependents } from '../../writes/spec.js';

const operatorFields = {
  name: z.string().trim().min(1).max(300),
  aliases: aliasesSchema,
  kind: z.enum(operatorKinds).nullable(),
  parent: slugSchema.nullable().meta({ description: 'Id of the parent group.' }),
  country: countrySchema.nullable(),
  siren: sirenSchema.nullable(),
  sigle: z.string().trim().min(1).max(100).nullable().meta({ description: 'The legal unit’s acronym (sigle).' }),
  legal_category: z
    .string()
    .regex(/^\d{4}$/, { error: 'must be a catégorie juridique code: 4 digits' })
    .nullable()
    .meta({ description: 'Catégorie juridique (INSEE, 4 digits: 5710 = SAS).' }),
  categorie_entreprise: z.enum(companyCategories).nullable(),
  administrative_status: z.enum(administrativeStatuses).nullable(),
  ceased_on: partialDate.nullable(),
  website: websiteSchema.nullable(),
  description: z.string().trim().min(1).max(5000).nullable(),
};

/**
 * The parent exists (and is not withheld: `knownReference`; one created by the same batch or file, `creating`, is
 * taken as it is) and is not the operator itself nor one of its own subsidiaries, the groups as the earlier writes of
 * the sequence leave them (`context.sequence`: an earlier row of an import's file, an earlier op of a batch, may have
 * made the parent a subsidiary of this operator).
 */
async function checkParent(db: Db, id: string | null, parent: string | null, context: ColumnsContext) {
  if (!parent) return [];
  if (parent === id) return [{ in: 'body', name: 'parent', message: 'cannot be the operator itself' }];
  if (!context.creating.has(parent)) {
    const unknown = await knownReference(db, context, {
      field: 'parent',
      value: parent,
      tableName: 'operators',
      label: 'operator',
    });
    if (unknown.length) return unknown;
  }
  if (id && (await inGroupOf(db, id, parent, context.sequence))) {
    const message = `'${parent}' belongs to this operator's own group: that would make a cycle`;
    return [{ in: 'body', name: 'parent', message }];
  }
  return [];
}

/**
 * Whether `member` is `head` or one of its subsidiaries, however deep: in one query from the stored groups, or, when
 * earlier writes of a sequence set parents (`sequence`), a step at a time, each entry's parent as they left it (else
 * as stored; an entry new to the sequence and not yet written has none).
 */
async function inGroupOf(db: Db, head: string, member: string, sequence?: SequenceWords): Promise<boolean> {
  if (!sequence?.refers) {
    const [row] = await db.execute<{ found: boolean }>(sql`
      with recursive up(id) as (
        select ${member}::varchar
        union select o.parent_id from operators o join up on o.id = up.id where o.parent_id is not null)
      select exists(select 1 from up where id = ${head}) as found`);
    return Boolean(row?.found);
  }
  const seen = new Set<string>();
  for (let at: string | null = member; at !== null && !seen.has(at); ) {
    if (at === head) return true;
    seen.add(at);
    const set = sequence.reference(at, 'parent');
    if (set !== undefined) at = set;
    else {
      const stored: { parent_id: string | null }[] = await db.execute<{ parent_id: string | null }>(
        sql`select parent_id from operators where id = ${at}`,
      );
      at = stored[0]?.parent_id ?? null;
    }
  }
  return false;
}

/**
 * A site the public may see of one of `operators` whose SIRET is not of `siren` (`siretOutsideSiren`), in words (« the
 * site 'x' has the SIRET 356… of another SIREN »), or null: an operator's SIREN is that of its sites' SIRETs.
 */
async function foreignSite(db: Db, operators: string[], siren: string): Promise<string | null> {
  const [site] = await db.execute<{ id: string; siret: string }>(sql`
    select id, siret from sites
     where operator_id = any(${sql.param(operators)}) and siret is not null and left(siret, 9) <> ${siren}
       and ${shown('sites')}
     order by id limit 1`);
  return site
    ? `its site '${site.id}' has the SIRET ${site.siret}, of another SIREN: a SIRET begins with its legal unit's SIREN`
    : null;
}

function checkSiren(siren: string | null): FieldError[] {
  const refusal = siren ? identifierRefusal(siren, 'SIREN') : null;
  return refusal ? [{ in: 'body', name: 'siren', message: refusal }] : [];
}

/**
 * What still points at an operator, so that deleting it would leave them dangling: each kind of referrer, those the
 * public may see counted apart from those withheld (sites, subsidiaries, the sites of client links and proceedings
 * may be).
 */
async function dependents(db: Db, id: string): Promise<Dependents[]> {
  const [row] = await db.execute<Record<string, number>>(sql`
    select (select count(*)::int from sites s where operator_id = ${id} and ${shown('sites', 's')}) as sites,
           (select count(*)::int from sites s where operator_id = ${id} and not ${shown('sites', 's')}) as sites_w,
           (select count(*)::int from operators o where parent_id = ${id} and ${shown('operators', 'o')}) as subsidiaries,
           (select count(*)::int from operators o where parent_id = ${id} and not ${shown('operators', 'o')})
             as subsidiaries_w,
           (select count(*)::int from proceedings p where operator_id = ${id} and ${shown('proceedings', 'p')}) as proceedings,
           (select count(*)::int from proceedings p where operator_id = ${id} and not ${shown('proceedings', 'p')})
             as proceedings_w,
           (select count(*)::int from proceedings p where acquirer_id = ${id} and ${shown('proceedings', 'p')}) as takeovers,
           (select count(*)::int from proceedings p where acquirer_id = ${id} and not ${shown('proceedings', 'p')})
             as takeovers_w,
           (select count(*)::int from site_clients c join sites s on s.id = c.site_id
             where c.operator_id = ${id} and ${shown('sites', 's')}) as "client links",
           (select count(*)::int from site_clients c join sites s on s.id = c.site_id
             where c.operator_id = ${id} and not ${shown('sites', 's')}) as "client links_w",
           (select count(*)::int from club_affiliations where operator_id = ${id}) as "club affiliations"`);
  const counts = row ?? {};
  return Object.entries(counts).flatMap(([label, n]) => {
    if (label.endsWith('_w')) return [];
    const withheld = counts[`${label}_w`] ?? 0;
    return n > 0 || withheld > 0 ? [{ label, shown: n, withheld }] : [];
  });
}

export const operatorWrites = defineWrites('Operator', operatorFields, {
  target: { name: 'operator', tableName: 'operators', citationColumn: 'operator_id' },
  // Its links a citation may name besides its fields (citations/fields.ts).
  links: ['headcounts'],
  defaults: { aliases: [] },
  dates: [{ field: 'ceased_on' }],
  // A company that ceased has no headcount counted after it.
  closedBy: 'ceased_on',
  fromRow: (row) => ({
    name: row.name as string,
    aliases: row.aliases as string[],
    kind: row.kind as (typeof operatorKinds)[number] | null,
    parent: row.parent_id as string | null,
    country: row.country as string | null,
    siren: row.siren as string | null,
    sigle: row.sigle as string | null,
    legal_category: row.legal_category as string | null,
    categorie_entreprise: row.categorie_entreprise as (typeof companyCategories)[number] | null,
    administrative_status: row.administrative_status as (typeof administrativeStatuses)[number] | null,
    ceased_on: row.ceased_on as string | null,
    website: row.website as string | null,
    description: row.description as string | null,
  }),
  async toColumns(db, input, context) {
    const errors = [
      ...aliasErrors(context, input),
      ...whenSent(context, 'siren', checkSiren(input.siren)),
      ...whenSent(context, 'parent', await checkParent(db, context.id, input.parent, context)),
    ];
    const siren = context.sent.has('siren') && context.row && input.siren ? input.siren : null;
    const foreign = siren ? await foreignSite(db, [context.row!.id as string], siren) : null;
    if (foreign) errors.push({ in: 'body', name: 'siren', message: foreign });
    const { parent, ...rest } = input;
    const parentId = await referenceKept(db, context, { value: parent, column: 'parent_id', tableName: 'operators' });
    return { errors, columns: { ...rest, parent_id: parentId } };
  },
  identifiers: [{ field: 'siren', column: 'siren', label: 'SIREN' }],
  sequenceFields: ['parent'],
  references: [{ field: 'parent', kind: 'operator', tableName: 'operators' }],
  idWords: (input) => input.name,
  dependents,
  async moveReferences(db, from, to) {
    await db.execute(sql`update sites set operator_id = ${to} where operator_id = ${from}`);
    await db.execute(sql`update operators set parent_id = ${to} where parent_id = ${from} and id <> ${to}`);
    await db.execute(sql`update proceedings set operator_id = ${to} where operator_id = ${from}`);
    await db.execute(sql`update proceedings set acquirer_id = ${to} where acquirer_id = ${from}`);
    await db.execute(sql`update site_clients set operator_id = ${to} where operator_id = ${from}`);
    await db.execute(sql`update club_affiliations set operator_id = ${to} where operator_id = ${from}`);
    await db.execute(sql`update roles set operator_id = ${to} where operator_id = ${from}`);
    await db.execute(sql`update headcounts set operator_id = ${to} where operator_id = ${from}`);
  },
  async checkMerge(db, from, to) {
    if (await inGroupOf(db, from, to)) {
      return (
        `'${to}' belongs to the group of '${from}': merging a group into its own subsidiary would leave it ` +
        `its own parent. Merge '${to}' into '${from}' instead, or change its parent first.`
      );
    }
    // The survivor's SIREN (its own, or the duplicate's it takes) is that of every site of both.
    const [row] = await db.execute<{ siren: string | null }>(
      sql`select coalesce(t.siren, f.siren) as siren from operators t, operators f where t.id = ${to} and f.id = ${from}`,
    );
    const foreign = row?.siren ? await foreignSite(db, [from, to], row.siren) : null;
    return foreign && `into: once merged, '${to}' would have the SIREN ${row!.siren}, and ${foreign}`;
  },
  survivorColumns: mergedAliases,
});
