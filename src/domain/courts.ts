// French courts as the directory writes their names: one writing whatever the BODACC's casing (« GREFFE DU TRIBUNAL
// DE COMMERCE DE NIMES » is « Tribunal de commerce de Nîmes »), and the keys a court filter compares, case and
// accents folded, so that a court is found as a user types it.
import { z } from 'zod';
import { divisions, geography, withSaintsWritten } from '../geo/index.js';

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
/** The articles a place's name may start with, folded (« Le Mans », « La Rochelle », « Les Sables-d'Olonne », « L'Isle »). */
const placeArticles = new Set(['le', 'la', 'les', 'l']);
/** The words of a place that name none on their own, folded as a filter's key is (« d'Évry »: « d »; « lès »: « les »). */
const linkWords = new Set([...[...lowerWords].map(fold), 'd', 'l', 'a', 'au']);

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

/** The contractions of « de » and « à » with the articles « le » and « les » (« de Le Mans » → « du Mans »). */
const contractions: Record<string, string> = { 'de le': 'du', 'de les': 'des', 'à le': 'au', 'à les': 'aux' };

/**
 * A court's words with « de » and « à » contracted with the article of the place they precede, as French writes them:
 * « de Le Mans » → « du Mans », « de Les Sables-d'Olonne » → « des Sables-d'Olonne », « à Le » → « au », « à Les » →
 * « aux » (the case of the preposition kept: « De Le » → « Du »). Words joined by hyphens are a name, not touched.
 */
function contracted(text: string): string {
  return text.replace(/(^|\s)(de|à) (le|les)(?=\s)/giu, (_, space: string, preposition: string, article: string) => {
    const short = contractions[`${preposition.toLowerCase()} ${article.toLowerCase()}`]!;
    return space + (/^\p{Lu}/u.test(preposition) ? short.charAt(0).toUpperCase() + short.slice(1) : short);
  });
}

/**
 * The article a court's place follows in capitals (« DE », « D' », « D » without its apostrophe, « DU », « DES »), and
 * the place with the article « du » and « des » hold given back (« du mans » → « le mans », « des sables » → « les
 * sables »): the name of the commune (« Le Mans ») a court of it is written with.
 */
function placeAfterType(rest: string): { article: string | null; place: string } {
  // « D EVRY »: capitals that dropped the apostrophe of « d' » (« D'EVRY », « D AGEN », « D ANGERS »).
  const [, article = null, name = ''] = rest.match(/^(de |d'|d (?=\S)|du |des )?(.*)$/) ?? [];
  if (!name) return { article, place: '' };
  return { article, place: article === 'du ' ? `le ${name}` : article === 'des ' ? `les ${name}` : name };
}

/**
 * A court's own words written after its place, in lower case as French writes them: a chamber, a section, a detached
 * seat (« (CHAMBRE COMMERCIALE) », « - Chambre Commerciale » → « chambre commerciale »).
 */
const courtWordsAfterPlace = /^(chambres?|sections?|si[eè]ges?|audiences?|p[oô]les?|cabinets?|formations?)\b/u;

/**
 * What a court's place is followed by, set apart from it (« metz (chambre commerciale) », « metz - chambre
 * commerciale », « saint pierre (reunion) »): the town, and the words after it, or null when none.
 */
function townAndAfter(place: string): { town: string; after: string | null } {
  const m = place.match(/^(.+?)\s*(?:\(\s*([^()]+?)\s*\)|\s-\s+(.+))$/);
  if (!m) return { town: place, after: null };
  // After a dash, only a court's own words or a département: « LILLE - METROPOLE » is the place « Lille Métropole ».
  if (m[3] !== undefined && !courtWordsAfterPlace.test(m[3].toLowerCase()) && !departementNamed(m[3]))
    return { town: place, after: null };
  return { town: m[1]!, after: (m[2] ?? m[3])! };
}

/**
 * The département a court's words after its place name (« reunion », « la réunion », « guadeloupe »), accents and
 * article folded; null when they name none. The place is then the commune of that département (« Saint-Pierre »).
 */
function departementNamed(words: string) {
  const key = fold(words).replace(/^(la |le |les |l')/, '');
  for (const d of divisions().departements.values())
    if (fold(d.name).replace(/^(la |le |les |l')/, '') === key) return d;
  return null;
}

/**
 * The words written after a court's place, one way: a court's own words in lower case, in parentheses (« (chambre
 * commerciale) », whether the notice wrote them in parentheses or after a dash); a département by its name without
 * its article (« (REUNION) » → « (Réunion) »); anything else in title case, in parentheses.
 */
function afterPlaceWritten(after: string): string {
  const words = after.toLowerCase();
  if (courtWordsAfterPlace.test(words)) return `(${words})`;
  const departement = departementNamed(words);
  if (departement) return `(${departement.name.replace(/^(La |Le |Les |L')/, '')})`;
  return `(${titleCase(words)})`;
}

/** normaliseCourt of a non-empty text, computed. */
function writtenCourt(written: string): string {
  const text = written.replace(/\s+/g, ' ').replace(/’/g, "'").trim();
  const lower = text.toLowerCase().replace(/^greffe (du |de la |de l')/, '');
  const folded = fold(lower);
  const type = foldedCourtTypes.find((t) => folded.startsWith(t.folded))?.type;
  if (!type) return contracted(titleCase(lower).replace(/^./, (c) => c.toUpperCase()));
  const { article, place: placeAndAfter } = placeAfterType(lower.slice(type.length).trim());
  const typeWritten = type.charAt(0).toUpperCase() + type.slice(1);
  if (!placeAndAfter) return typeWritten;
  // « METZ (CHAMBRE COMMERCIALE) », « SAINT PIERRE (REUNION) »: the town written as a commune, the words after it
  // as a court's words or a département (whose commune of that name the town then is).
  const { town: place, after } = townAndAfter(placeAndAfter);
  const departement = after ? departementNamed(after) : null;
  const inDepartement = departement && geography().communesNamed(place, departement.code);
  const placeWritten =
    (inDepartement?.length === 1 ? inDepartement[0]!.name : writtenPlace(place)) +
    (after ? ` ${afterPlaceWritten(after)}` : '');
  // « de » elided before a place starting with a vowel, however the notice wrote it (« DE EVRY », « D EVRY »,
  // « D'EVRY » are « d'Évry »), contracted with the article of a place that has one (« DE LE MANS », « DU MANS » are
  // « du Mans »).
  const preposition = article ? (elides(placeWritten) ? "d'" : 'de ') : '';
  return contracted(`${typeWritten} ${preposition}${placeWritten}`);
}

/** A court's type (« tribunal de commerce ») and its place (« lille metropole »), folded; the type null if none. */
function courtParts(written: string): { type: string | null; place: string } {
  const name = fold(normaliseCourt(written) ?? '');
  const type = foldedCourtTypes.find((t) => name.startsWith(t.folded))?.folded;
  if (!type) return { type: null, place: name };
  return { type, place: placeAfterType(name.slice(type.length).trim()).place.trim() };
}

/**
 * What a court filter's value is compared with: a court's whole name normalised and folded (« GREFFE DU TRIBUNAL
 * DE COMMERCE DE LILLE MÉTROPOLE » → « tribunal de commerce de lille metropole »); a value naming no type of court
 * is a place (« Lille Métropole » → « lille metropole »). Null for empty text.
 */
export function courtFilterKey(value: string): string | null {
  const { type, place } = courtParts(value);
  // A place typed with its article (« d'Évry », « de Lille », « du Mans ») is the place (« evry », « lille », « le
  // mans »), as courtKeys stores it.
  const key = type ? keyFold(normaliseCourt(value) ?? '') : keyFold(placeAfterType(place).place.replace(/^d /, ''));
  // Articles and prepositions alone (« de », « la », « sur ») name no place: a court of place « de » would be every
  // court « … de <place> » (the pattern below skips the optional article, and « de » is then the article itself).
  if (!key || key.split(' ').every((word) => linkWords.has(word))) return null;
  return key;
}

/**
 * The keys a stored court is found by (see courtFilterKey): its whole name folded, and its place with each of its
 * first words (« Tribunal de commerce de Lille Metropole »: « lille metropole » and « lille »).
 */
export function courtKeys(court: string | null): string[] {
  if (!court) return [];
  const { type, place } = courtParts(court);
  const words = keyFold(place).split(' ').filter(Boolean);
  const prefixes = (w: string[]) => w.map((_, i) => w.slice(0, i + 1).join(' '));
  // A place is found without its article too (« mans », « sables d olonne », « rochelle »), as courtPlacePattern
  // finds it in PostgreSQL.
  const places = type ? [...prefixes(words), ...(placeArticles.has(words[0]!) ? prefixes(words.slice(1)) : [])] : [];
  // An article alone (« le ») is no key: a filter refuses it (courtFilterKey).
  const named = places.filter((key) => !key.split(' ').every((word) => linkWords.has(word)));
  return [...new Set([keyFold(normaliseCourt(court) ?? ''), ...named])];
}

/**
 * A PostgreSQL regular expression a stored court, lower-cased and unaccented, matches when it is of the place
 * `place` (a folded place, as courtFilterKey gives it): a type of court, its article, then the place's words.
 */
export function courtPlacePattern(place: string): string {
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A place with its article (« le mans ») is written contracted with « de » (« du mans »), « les » with « des ».
  const article = place.match(/^(les?) (.+)$/);
  const contractedPlace = article ? `|${article[1] === 'le' ? 'du' : 'des'} ${literal(article[2]!)}` : '';
  // The place may be typed without its article (« mans », « rochelle »): the court's « du », « des », « de la »,
  // « de l » then go before it.
  return `^(${courtTypes.map((t) => literal(keyFold(t))).join('|')}) ((de la |de l |des |du |de |d )?${literal(place)}${contractedPlace})( |$)`;
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
