// The name of an operator the BODACC import finds by SIREN: while only BODACC notices cite it, it follows the latest
// notice of the company's proceedings (as a proceeding's `company_name` does), whichever file brought that notice;
// one an article, Sirene or a user names keeps its name, and BODACC's other one is listed in the report.
import { sql } from 'drizzle-orm';
import type { CitationInput } from '../../citations/input.js';
import { type Db, executePrepared } from '../../db/client.js';
import { foldName } from '../../geo/index.js';
import type { WriteOp } from '../../writes/envelope.js';
import type { CompanyNaming } from './timeline.js';

/** An operator found by SIREN, as the import reads it. */
export type StoredOperator = {
  id: string;
  siren: string;
  name: string;
  aliases: string[];
  withheld: boolean;
};

/** An operator whose name another source gives, that the latest BODACC notice writes otherwise (case and accents aside). */
export interface NameDisagreement {
  operator: string;
  siren: string;
  /** The operator's name, as the other source gives it (kept). */
  name: string;
  /** The name the latest notice of the company's proceedings gives it, and that notice's id. */
  bodacc: string;
  notice: string;
}

/** A stored citation of an operator's name by a notice, given up when a later notice names it (`fields` it keeps). */
export interface StaleNameCitation {
  id: number;
  fields: string[];
}

/**
 * What the latest notices (`naming`, by SIREN: `latestNaming` of the company's proceedings' notices) do to the names
 * of these operators (`operators`, found by SIREN, not created by this import): an operator whose name only BODACC
 * notices cite (every citation naming `name`, or naming no field, is of a notice's source `bodacc-…`) takes the
 * latest notice's name, an update citing that notice (`ops`), the earlier notices' citations of the name given up
 * (`stale`); its name already the latest notice's and cited by it, nothing. An operator another source names keeps
 * its name; the latest notice's, when spelled otherwise than its name and aliases (case and accents aside), is
 * listed (`disagreements`). A withheld operator is left as it is (nothing of it may be written). `cite` makes a
 * notice's citation. Reads only: one query for the batch.
 */
export async function operatorNameChanges(
  db: Db,
  operators: readonly StoredOperator[],
  naming: ReadonlyMap<string, CompanyNaming>,
  cite: (naming: CompanyNaming) => CitationInput[],
): Promise<{ ops: WriteOp[]; stale: StaleNameCitation[]; disagreements: NameDisagreement[] }> {
  const named = operators.filter((o) => !o.withheld && naming.has(o.siren));
  const ops: WriteOp[] = [];
  const stale: StaleNameCitation[] = [];
  const disagreements: NameDisagreement[] = [];
  if (!named.length) return { ops, stale, disagreements };
  const rows = await executePrepared<{
    id: number;
    operator_id: string;
    source_id: string;
    quote: string;
    fields: string[];
  }>(
    db,
    sql`select id, operator_id, source_id, quote, fields from citations
         where operator_id = any(${sql.param(named.map((o) => o.id))}) and ('name' = any(fields) or cardinality(fields) = 0)
         order by id`,
  );
  for (const operator of named) {
    const latest = naming.get(operator.siren)!;
    const cited = rows.filter((r) => r.operator_id === operator.id);
    const ours = cited.length > 0 && cited.every((c) => c.source_id.startsWith('bodacc-') && c.fields.length > 0);
    if (!ours) {
      const folded = foldName(latest.name);
      if (![operator.name, ...operator.aliases].some((n) => foldName(n) === folded)) {
        disagreements.push({
          operator: operator.id,
          siren: operator.siren,
          name: operator.name,
          bodacc: latest.name,
          notice: latest.notice.id,
        });
      }
      continue;
    }
    const planned = cite(latest);
    const key = (source: unknown, quote: string) => `${String(source)}|${quote}`;
    const plannedKeys = new Set(planned.map((c) => key(c.source, c.quote)));
    const kept = cited.filter((c) => plannedKeys.has(key(c.source_id, c.quote)));
    const given = cited.filter((c) => !plannedKeys.has(key(c.source_id, c.quote)));
    if (operator.name === latest.name && kept.length && !given.length) continue;
    stale.push(...given.map((c) => ({ id: c.id, fields: c.fields.filter((f) => f !== 'name') })));
    // Cited anew unless the latest notice already cites the name (its earlier citations then only given up).
    if (operator.name === latest.name && kept.length) continue;
    // An alias spelled as the new name (case and accents aside) gives way to it: an entry's alias is not its name.
    const aliases = operator.aliases.filter((a) => foldName(a) !== foldName(latest.name));
    const renamed = aliases.length < operator.aliases.length ? { name: latest.name, aliases } : { name: latest.name };
    ops.push({
      action: 'update',
      id: operator.id,
      patch: operator.name === latest.name ? {} : renamed,
      citations: planned,
      ifMatch: '*',
      // The same name cited anew by a later notice is recorded too.
      confirm: true,
    });
  }
  return { ops, stale, disagreements };
}
