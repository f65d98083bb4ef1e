// French courts as the directory writes their names: one writing whatever the BODACC's casing (« GREFFE DU TRIBUNAL
// DE COMMERCE DE NIMES » is « Tribunal de commerce de Nîmes »), and the keys a court filter compares, case and
// accents folded, so that a court is found as a user types it.
import { z } from 'zod';
import { geography, withSaintsWritten } from '../geo/index.js';

/** Lower case, accents dropped: « Métropole » → « metropole ». */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
/**
 * A filter's key: folded, and hyphens, apostrophes and spaces one space (« Saint-Étienne », « SAINT ETIENNE » and
 * « saint etienne » are one place; « d'Évry » is « d evry »), La Poste's `ST` and `STE` read as saint and sainte
 * (« st etienne »), as people type court names and as the BODACC writes them. PostgreSQL folds a stored court the same way (modules/proceedings/filters.ts `courtIs`).
 */
const keyFold = (s: string) =>
  withSaintsWritten(
    fold(s)
      .replace(/[\s'’.-]+/g, ' ')
      .trim(),
  );

/** Court types, in the words a normalised name starts with. */
const courtTypes = [
  'tribunal des activités économiques',
  'tribunal de commerce',
  'tribunal mixte de commerce',
  'tribunal judiciaire',
  'tribunal de grande instance',
  "tribunal d'instance",
  'chambre commerciale du tribunal judiciaire',
  'tribunal de première instance',
];
/** The court types folded once (a notice's court is compared with each). */
const foldedCourtTypes = courtTypes.map((type) => ({ type, folded: fold(type) }));
const lowerWords = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'sur', 'en', 'et', 'aux', 'lès', 'sous']);

/** A place name in title case (« BOULOGNE-SUR-MER » → « Boulogne-sur-Mer », « paris » → « Paris »). */
function titleCase(place: string): string {
  return place
    .toLowerCase()
    .split(/([\s-]+)/)
    .map((w, i) => {
      if (/^[\s-]+$/.test(w) || (i > 0 && lowerWords.has(w))) return w;
      const apostrophe = w.match(/^([dl]')(.+)$/);
      if (apostrophe && i > 0) return apostrophe[1] + apostrophe[2]!.charAt(0).toUpperCase() + apostrophe[2]!.slice(1);
      return w.charAt(0).toUpperCase() + w.slice(1);
    })
    .join('');
}

/**
 * writtenPlace's answers: a court's place looked up once, not once per notice. Bounded: a filter's value is a place
 * too, which a client chooses.
 */
const placesWritten = new Map<string, string>();
const placesWrittenMax = 2_000;

/**
 * The place of a court as the French write it: the name of today's commune it names, accents and hyphens included
 * (« NIMES » → « Nîmes », « SAINT ETIENNE » → « Saint-Étienne », from `@etalab/decoupage-administratif`), when the
 * communes of that name are all written one way; else the words in title case, without the accents the BODACC
 * capitals dropped (« LILLE METROPOLE » → « Lille Metropole »: no commune of that name, and no list of the courts
 * to read it from). Deterministic, so that every notice of one court writes it the same.
 */
function writtenPlace(place: string): string {
  let written = placesWritten.get(place);
  if (written === undefined) {
    const names = new Set(
      geography()
        .communesNamed(place)
        .map((c) => c.name),
    );
    written = names.size === 1 ? [...names][0]! : titleCase(place);
    if (placesWritten.size >= placesWrittenMax) placesWritten.clear();
    placesWritten.set(place, written);
  }
  return written;
}

/**
 * normaliseCourt's answers, by the text as written: a file's notices name a few hundred courts, each normalised once
 * (about 40 µs a call, 3 % of `npm run import:bodacc`'s CPU when each notice and each proceeding created paid it).
 * Bounded: a filter's value is a court too, which a client chooses.
 */
const courtsWritten = new Map<string, string>();
const courtsWrittenMax = 2_000;
/** The longest court name a filter or a write takes (`courtText`). */
const courtTextMax = 300;

/**
 * A court's name written one way whatever the notice's casing: « GREFFE DU TRIBUNAL DE COMMERCE DE PARIS » and
 * « Greffe du Tribunal de Commerce de paris » are « Tribunal de commerce de Paris »; its place with the accents of
 * the commune it names (see writtenPlace). Null for empty text.
 */
export function normaliseCourt(written: string | null): string | null {
  if (!written?.trim()) return null;
  // A text longer than a court's name (courtText's bound) is computed, not kept: the memo holds short keys only.
  if (written.length > courtTextMax) return writtenCourt(written);
  let normalised = courtsWritten.get(written);
  if (normalised === undefined) {
    normalised = writtenCourt(written);
    if (courtsWritten.size >= courtsWrittenMax) courtsWritten.clear();
    courtsWritten.set(written, normalised);
  }
  return normalised;
}

/** Whether « de » is elided before `place` (« d'Évry », « d'Angers »): a vowel first (not an « h », mute or not). */
const elides = (place: string) => /^[aeiouy]/.test(fold(place));

/** normaliseCourt of a non-empty text, computed. */
function writtenCourt(written: string): string {
  const text = written.replace(/\s+/g, ' ').replace(/’/g, "'").trim();
  const lower = text.toLowerCase().replace(/^greffe (du |de la |de l')/, '');
  const folded = fold(lower);
  const type = foldedCourtTypes.find((t) => folded.startsWith(t.folded))?.type;
  if (!type) return titleCase(lower).replace(/^./, (c) => c.toUpperCase());
  const rest = lower.slice(type.length).trim();
  // « D EVRY »: capitals that dropped the apostrophe of « d' » (« D'EVRY », « D AGEN », « D ANGERS »).
  const place = rest.match(/^(de |d'|d (?=\S)|du )?(.*)$/);
  const name = place?.[2] ?? '';
  const typeWritten = type.charAt(0).toUpperCase() + type.slice(1);
  if (!name) return typeWritten;
  const placeWritten = writtenPlace(name);
  // « de » elided before a place starting with a vowel, however the notice wrote it (« DE EVRY », « D EVRY »,
  // « D'EVRY » are « d'Évry »); « du » kept as written.
  const article = place?.[1] === 'du ' ? 'du ' : place?.[1] ? (elides(placeWritten) ? "d'" : 'de ') : '';
  return `${typeWritten} ${article}${placeWritten}`;
}

/** A court's type (« tribunal de commerce ») and its place (« lille metropole »), folded; the type null if none. */
function courtParts(written: string): { type: string | null; place: string } {
  const name = fold(normaliseCourt(written) ?? '');
  const type = foldedCourtTypes.find((t) => name.startsWith(t.folded))?.folded;
  if (!type) return { type: null, place: name };
  return {
    type,
    place: name
      .slice(type.length)
      .trim()
      .replace(/^(de |d'|du )/, '')
      .trim(),
  };
}

/**
 * What a court filter's value is compared with: a court's whole name normalised and folded (« GREFFE DU TRIBUNAL
 * DE COMMERCE DE LILLE MÉTROPOLE » → « tribunal de commerce de lille metropole »); a value naming no type of court
 * is a place (« Lille Métropole » → « lille metropole »). Null for empty text.
 */
export function courtFilterKey(value: string): string | null {
  const { type, place } = courtParts(value);
  // A place typed with its article (« d'Évry », « de Lille ») is the place (« evry », « lille »), as courtKeys stores it.
  const key = type ? keyFold(normaliseCourt(value) ?? '') : keyFold(place).replace(/^(de|d|du) (?=\S)/, '');
  return key || null;
}

/**
 * The keys a stored court is found by (see courtFilterKey): its whole name folded, and its place with each of its
 * first words (« Tribunal de commerce de Lille Metropole »: « lille metropole » and « lille »).
 */
export function courtKeys(court: string | null): string[] {
  if (!court) return [];
  const { type, place } = courtParts(court);
  const words = keyFold(place).split(' ').filter(Boolean);
  const places = type ? words.map((_, i) => words.slice(0, i + 1).join(' ')) : [];
  return [...new Set([keyFold(normaliseCourt(court) ?? ''), ...places])];
}

/**
 * A PostgreSQL regular expression a stored court, lower-cased and unaccented, matches when it is of the place
 * `place` (a folded place, as courtFilterKey gives it): a type of court, its article, then the place's words.
 */
export function courtPlacePattern(place: string): string {
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `^(${courtTypes.map((t) => literal(keyFold(t))).join('|')}) (de |d |du )?${literal(place)}( |$)`;
}

/** Whether a folded key names a court (with its type) rather than a place. */
export const namesCourtType = (key: string) => courtTypes.some((t) => key.startsWith(keyFold(t)));

/**
 * A court as writes take it and the `tribunal` filter reads it (modules/proceedings): its name or its place, in words
 * a filter can find (`courtFilterKey`), so that every court the `tribunal` facet offers is one its filter accepts.
 */
export const courtText = z
  .string()
  .trim()
  .min(1)
  .max(courtTextMax)
  .refine((v) => /[\p{L}\p{N}]/u.test(v) && courtFilterKey(v) !== null, { error: 'must name a court or its place' });
