// The rules of a merge that every kind shares, beside its own (`checkMerge`, `survivorColumns`): identifiers that
// tell two legal units apart, and what the duplicate's citations still support on the survivor.
import { foldName } from '../geo/index.js';

/**
 * Refuses (409) the merge of two entries each holding an identifier of the kind (`identifiers`: an operator's SIREN,
 * a site's SIRET) and not the same one: two legal units (establishments), not one entry written twice. Null when the
 * merge may go on.
 */
export function identifiersApart(
  identifiers: readonly { field: string; column: string; label: string }[],
  duplicate: Record<string, unknown>,
  survivor: Record<string, unknown>,
): string | null {
  for (const { column, label } of identifiers) {
    const [mine, theirs] = [duplicate[column], survivor[column]];
    if (mine != null && theirs != null && mine !== theirs) {
      return (
        `into: '${String(survivor.id)}' has the ${label} ${String(theirs)} and '${String(duplicate.id)}' the ${label} ` +
        `${String(mine)}: two ${label}s are two legal units, not one entry written twice. If one ${label} is wrong, ` +
        'change it first.'
      );
    }
  }
  return null;
}

/**
 * The identifiers a survivor without one takes from the duplicate it absorbs (the duplicate's SIREN, kept rather than
 * dropped with it), by column.
 */
export function identifiersTaken(
  identifiers: readonly { field: string; column: string; label: string }[],
  duplicate: Record<string, unknown>,
  survivor: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    identifiers.flatMap(({ column }) =>
      survivor[column] == null && duplicate[column] != null ? [[column, duplicate[column]]] : [],
    ),
  );
}

/**
 * What a duplicate's citations still support once they move to the survivor of a merge: each field (`fields` of a
 * citation, API field names of `fromRow`) whose value the survivor (`survivor`: its row once merged) holds too; a field
 * whose value differs there, or which the survivor has not, is dropped (`dropped`, without `name` when read as an
 * alias), so that a quote about the
 * duplicate's SIREN never sources the survivor's other SIREN nor confirms it (`last_confirmed`). The duplicate's name,
 * become an alias of the survivor, is still supported as one (`nameAsAlias`: `name` read as `aliases`). A list is
 * supported when the survivor's holds each of its values (the aliases merged); names compare as `foldName` does.
 * Fields `fromRow` does not give (the links: practitioners, officers…) move over with what they cite.
 */
export function mergedCitationFields(
  fromRow: (row: Record<string, unknown>) => object,
  duplicate: Record<string, unknown>,
  survivor: Record<string, unknown>,
): { dropped: string[]; nameAsAlias: boolean } {
  const mine = fromRow(duplicate) as Record<string, unknown>;
  const theirs = fromRow(survivor) as Record<string, unknown>;
  const folded = (v: unknown) => (typeof v === 'string' ? foldName(v) : JSON.stringify(v));
  const holds = (field: string) => {
    const [a, b] = [mine[field], theirs[field]];
    if (a === null || a === undefined) return b === null || b === undefined;
    if (Array.isArray(a) && Array.isArray(b)) {
      const held = new Set(b.map(folded));
      return a.every((v) => held.has(folded(v)));
    }
    return field === 'name' ? folded(a) === folded(b) : JSON.stringify(a) === JSON.stringify(b);
  };
  const dropped = Object.keys(mine).filter((field) => !holds(field));
  const aliases = Array.isArray(theirs.aliases) ? new Set(theirs.aliases.map(folded)) : new Set<string>();
  const nameAsAlias = dropped.includes('name') && aliases.has(folded(mine.name));
  return { dropped: nameAsAlias ? dropped.filter((f) => f !== 'name') : dropped, nameAsAlias };
}

const stated = (v: unknown) => v !== null && v !== undefined && !(Array.isArray(v) && !v.length);

/**
 * The facts of a duplicate its survivor lacks, as a patch of the survivor (API field names of `fromRow`): each field
 * the duplicate states (not null, not an empty list) and the survivor does not (a `ceased_on`, a SIREN, a position),
 * so that a merge loses no sourced fact; its citations move over supporting them (`mergedCitationFields`). A group of
 * fields given together (`groups`: the place) is taken whole, and only when the survivor's stated fields of it are
 * the duplicate's (a commune known where the survivor knows only its département); never a reference to either entry
 * (`ids`: a subsidiary's parent being the survivor). A field whose value differs stays the survivor's.
 */
export function factsLacked(
  fromRow: (row: Record<string, unknown>) => object,
  duplicate: Record<string, unknown>,
  survivor: Record<string, unknown>,
  groups: readonly { replaced: readonly string[] }[],
  ids: readonly string[],
): Record<string, unknown> {
  const mine = fromRow(duplicate) as Record<string, unknown>;
  const theirs = fromRow(survivor) as Record<string, unknown>;
  const grouped = new Set(groups.flatMap((g) => g.replaced));
  const lacked = Object.keys(mine).filter(
    (field) =>
      !grouped.has(field) &&
      stated(mine[field]) &&
      !stated(theirs[field]) &&
      !(typeof mine[field] === 'string' && ids.includes(mine[field])),
  );
  const patch: Record<string, unknown> = Object.fromEntries(lacked.map((field) => [field, mine[field]]));
  for (const { replaced } of groups) {
    const lacks = replaced.some((f) => stated(mine[f]) && !stated(theirs[f]));
    const agrees = replaced.every((f) => !stated(theirs[f]) || JSON.stringify(theirs[f]) === JSON.stringify(mine[f]));
    if (lacks && agrees) for (const f of replaced) patch[f] = mine[f] ?? null;
  }
  return patch;
}
