// Importing sites: rows as the API's create body, or as the export writes them
// (flat CSV columns, nested JSON), upserted by their id.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { changes, operators, sites, sources } from '../db/schema/index.js';
import type { FieldError } from '../domain/errors.js';
import { resolvePlace } from '../domain/place-input.js';
import {
  checkSiret,
  checkStatus,
  createSite,
  type SiteCreate,
  siteCreateBody,
  updateSite,
} from '../modules/sites/writes.js';
import type { Importer } from './run.js';

/** Columns of an export that are computed, not written: ignored on import. */
const computed = new Set([
  'operator_name',
  'departement_name',
  'region_code',
  'region_name',
  'former_region_name',
  'created_at',
  'updated_at',
  'version',
]);

/** The export's and the CSV's shapes, brought to the API's create body. */
function normalize(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (computed.has(key)) continue;
    if (key === 'operator_id' || (key === 'operator' && value && typeof value === 'object')) {
      out.operator = key === 'operator' ? (value as { id?: unknown }).id : value;
    } else if (key === 'departement_code') out.departement = value;
    else if (key === 'citation_source' || key === 'citation_quote' || key === 'citation_fields') continue;
    else out[key] = value;
  }
  if (record.citation_source || record.citation_quote) {
    const fields =
      typeof record.citation_fields === 'string'
        ? record.citation_fields
            .split('|')
            .map((f) => f.trim())
            .filter(Boolean)
        : [];
    out.citations = [{ source: record.citation_source, quote: record.citation_quote, fields }];
  }
  return out;
}

export async function siteImporter(db: Db): Promise<Importer<SiteCreate & { id: string }>> {
  // Everything pass 1 checks against, loaded once: ids, not rows.
  const [existing, operatorIds, sourceIds, tombstones] = await Promise.all([
    db.select({ id: sites.id }).from(sites),
    db.select({ id: operators.id }).from(operators),
    db.select({ id: sources.id }).from(sources),
    db.selectDistinct({ id: changes.entity_id }).from(changes).where(eq(changes.entity_kind, 'site')),
  ]);
  const siteIds = new Set(existing.map((r) => r.id));
  const knownOperators = new Set(operatorIds.map((r) => r.id));
  const knownSources = new Set(sourceIds.map((r) => r.id));
  const deleted = new Set(tombstones.map((r) => r.id).filter((id) => !siteIds.has(id)));

  return {
    kind: 'sites',
    validate(record) {
      const parsed = siteCreateBody.safeParse(normalize(record));
      if (!parsed.success) {
        return {
          ok: false,
          errors: parsed.error.issues.map((i) => ({ in: 'row', name: i.path.join('.') || 'row', message: i.message })),
        };
      }
      const row = parsed.data;
      const errors: FieldError[] = [];
      if (!row.id)
        errors.push({
          in: 'row',
          name: 'id',
          message: 'is required: it is the key that makes importing the same file twice change nothing',
        });
      else if (deleted.has(row.id))
        errors.push({ in: 'row', name: 'id', message: `belonged to a deleted site; ids are never reused` });
      else if (!siteIds.has(row.id) && !row.citations?.length) {
        errors.push({
          in: 'row',
          name: 'citations',
          message: 'a new site needs a source and a quote (citation_source, citation_quote)',
        });
      }
      for (const c of row.citations ?? []) {
        if (typeof c.source === 'string' && !knownSources.has(c.source))
          errors.push({ in: 'row', name: 'citation_source', message: `unknown source '${c.source}'` });
      }
      if (row.operator && !knownOperators.has(row.operator))
        errors.push({ in: 'row', name: 'operator', message: `unknown operator '${row.operator}'` });
      const place = resolvePlace(row);
      if (!place.ok) errors.push(...place.errors.map((e) => ({ ...e, in: 'row' })));
      errors.push(...[...checkStatus(row), ...checkSiret(row.siret)].map((e) => ({ ...e, in: 'row' })));
      return errors.length ? { ok: false, errors } : { ok: true, value: row as SiteCreate & { id: string } };
    },
    keyOf: (row) => row.id,
    async apply(ctx, row) {
      if (!siteIds.has(row.id)) {
        await createSite(ctx, row);
        siteIds.add(row.id);
        return 'created';
      }
      const { id: _, ...fields } = row;
      const { changed } = await updateSite(ctx, row.id, fields, '*', { confirm: false });
      return changed.length ? 'updated' : 'unchanged';
    },
  };
}
