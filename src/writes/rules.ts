// Rules several kinds share, written once: a field is checked when it is sent
// (every field of a create is), a reference must name an existing entry, and
// a place is resolved against the reference geography when it is given.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { shown } from '../db/withheld.js';
import { type FieldError, unprocessable } from '../domain/errors.js';
import { aliasesMax } from '../domain/fields.js';
import { type PlaceColumns, placeFieldNames, resolvePlace } from '../domain/place-input.js';
import { foldName } from '../geo/index.js';
import type { ColumnsContext } from './kind-writes.js';

/**
 * The fields that say which commune: a PATCH replaces them together (sending
 * `code_postal` alone relocates by the postal code); `address` and `country`
 * change alone.
 */
export const placeGroup = { replaced: ['commune', 'departement', 'code_commune', 'code_postal'] } as const;

/** The errors of a field's rule, when the field was sent. */
export function whenSent(context: ColumnsContext, field: string, errors: FieldError[]): FieldError[] {
  return context.sent.has(field) ? errors : [];
}

/**
 * The refusal of a sent reference (`operator: "acme"`) to a row that does not exist in `tableName`, or that is
 * withheld (db/withheld.ts): a withheld entry is refused in the same words as an unknown one, so that a write cannot
 * tell that it exists. An entry of `context.known` holds without a look-up: an import vouches for those it found
 * or shows again itself (Sirene's operators published again, BODACC's companies found by SIREN).
 */
export async function knownReference(
  db: Db,
  context: ColumnsContext,
  reference: { field: string; value: string | null; tableName: string; label: string },
): Promise<FieldError[]> {
  if (!reference.value || !context.sent.has(reference.field)) return [];
  if (reference.tableName === context.target.tableName && context.creating.has(reference.value)) return [];
  if (context.known?.has(reference.tableName, reference.value)) return [];
  const [found] = await db.execute(
    sql`select 1 from ${sql.identifier(reference.tableName)}
         where id = ${reference.value} and ${shown(reference.tableName)}`,
  );
  if (found) context.known?.add(reference.tableName, reference.value);
  return found
    ? []
    : [{ in: 'body', name: reference.field, message: `unknown ${reference.label} '${reference.value}'` }];
}

/**
 * The id a reference of an update stores: the one given (`value`), but for null given over a stored reference
 * (`column` of the stored row) to an entry of `tableName` that is withheld: every public read shows that reference as
 * null (a detail, an export), so null sent back (an export imported again, a detail sent back) keeps it: a write can
 * neither unlink what it cannot see nor tell that it is there. A create stores what it is given.
 */
export async function referenceKept(
  db: Db,
  context: ColumnsContext,
  reference: { value: string | null; column: string; tableName: string },
): Promise<string | null> {
  const stored = context.row?.[reference.column];
  if (reference.value !== null || typeof stored !== 'string') return reference.value;
  const [hidden] = await db.execute(
    sql`select 1 from ${sql.identifier(reference.tableName)} where id = ${stored} and not ${shown(reference.tableName)}`,
  );
  return hidden ? stored : null;
}

const placeColumnNames: (keyof PlaceColumns)[] = [
  'country',
  'address',
  'commune',
  'commune_label',
  'commune_as_written',
  'code_commune',
  'code_arrondissement',
  'arrondissement',
  'code_postal',
  'departement_code',
  'departement_name',
  'region_code',
  'region_name',
  'former_region_name',
];

/** The place columns: resolved from the reference geography when a place field is sent, else as stored. */
export function placeColumns(
  input: Parameters<typeof resolvePlace>[0],
  context: ColumnsContext,
): { place: PlaceColumns | null; errors: FieldError[] } {
  const { row } = context;
  if (row && !placeFieldNames.some((f) => context.sent.has(f))) {
    return {
      place: Object.fromEntries(placeColumnNames.map((c) => [c, row[c]])) as unknown as PlaceColumns,
      errors: [],
    };
  }
  const resolved = resolvePlace(input, context.placeFields);
  return resolved.ok ? { place: resolved.place, errors: [] } : { place: null, errors: resolved.errors };
}

/**
 * An entry's aliases against its name (case and accents aside, as `foldName` compares them): an alias that is the
 * name itself is refused at `aliases.N`. Checked when the name or the aliases are sent (`input` is the entry as it
 * stands after the write).
 */
export function aliasErrors(context: ColumnsContext, input: { name: string; aliases: string[] }): FieldError[] {
  if ((!context.sent.has('name') && !context.sent.has('aliases')) || !input.aliases.length) return [];
  const name = foldName(input.name);
  return input.aliases.flatMap((alias, i) =>
    foldName(alias) === name
      ? [{ in: 'body' as const, name: `aliases.${i}`, message: "is the entry's own name (case and accents aside)" }]
      : [],
  );
}

/**
 * An entry's aliases with one more name an import found for it (Sirene's enseigne or legal name, spelled otherwise
 * than the entry's name), `entry` its stored row (`name: string`, `aliases: string[]`): `aliases` the new list, null
 * when nothing changes (the name is the entry's own or already one of its aliases, case and accents aside, as
 * `foldName` compares them, or as `sameName` does: the import's own rule of one name, never looser than `foldName`). An entry that already has `aliasesMax` (50) keeps its own: `aliases` null and `refused`
 * says why, for the import to report the name it could not keep and apply the row's other facts, not to refuse
 * the whole row.
 */
export function withAlias(
  entry: Record<string, unknown>,
  alias: string,
  sameName: (name: string) => string = foldName,
): { aliases: string[] | null; refused: string | null } {
  const aliases = entry.aliases as string[];
  const key = sameName(alias);
  if (key === sameName(entry.name as string) || aliases.some((a) => sameName(a) === key)) {
    return { aliases: null, refused: null };
  }
  if (aliases.length >= aliasesMax) {
    const refused = `already has ${aliases.length} aliases, the most an entry has: remove one of them to keep this name`;
    return { aliases: null, refused };
  }
  return { aliases: [...aliases, alias], refused: null };
}

/**
 * The aliases of a merge's survivor: its own, plus the duplicate's name and aliases, each once (case and accents
 * aside), never its own name. Rows are the two entries' stored rows (`name: string`, `aliases: string[]`). Throws
 * a DomainError `unprocessable` naming `aliases` when they would be more than `aliasesMax` (50), the most a POST
 * or a PATCH takes: the survivor's aliases must be trimmed first.
 */
export function mergedAliases(
  duplicate: Record<string, unknown>,
  survivor: Record<string, unknown>,
): { aliases: string[] } {
  const names = [...(survivor.aliases as string[]), duplicate.name as string, ...(duplicate.aliases as string[])];
  const seen = new Set([foldName(survivor.name as string)]);
  const aliases = names.filter((a) => {
    const key = foldName(a);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (aliases.length > aliasesMax) {
    const message =
      `the merge would give '${survivor.id}' ${aliases.length} aliases (its ${(survivor.aliases as string[]).length}, ` +
      `the duplicate's name and aliases), more than the ${aliasesMax} an entry has: remove some of its aliases first`;
    throw unprocessable([{ in: 'body', name: 'aliases', message }]);
  }
  return { aliases };
}
