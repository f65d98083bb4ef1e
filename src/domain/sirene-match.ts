// How a Sirene establishment or legal unit is recognised among the directory's entries that have no SIRET or
// SIREN yet: names compared once normalised (the directory names a site as the press does, « Comdata Amiens »;
// Sirene's enseigne has no commune), and, for a site, its operator.
import { communeKey, geography } from '../geo/index.js';
import { isLegalForm } from './legal-forms.js';

/** Initials written with dots (« S.A.R.L. »), the dots dropped: SARL. */
const dottedInitials = /(?<![\p{L}\p{N}])((?:\p{L}\.){1,}\p{L}\.?)(?![\p{L}\p{N}])/gu;

/** Cached by commune: the pattern of its names, each with an optional « à », « de », « d' » before it. */
const communePatterns = new Map<string, RegExp | null>();

function communePattern(code: string): RegExp | null {
  let pattern = communePatterns.get(code);
  if (pattern === undefined) {
    // The longest first: « paris 16e » before « paris ».
    const keys = [...geography().namesOfCommune(code)].filter(Boolean);
    pattern = keys.length ? namesPattern(keys) : null;
    communePatterns.set(code, pattern);
  }
  return pattern;
}

/** Cached by département: the pattern of the names of all its communes, each with an optional « à », « de », « d' ». */
const departementPatterns = new Map<string, RegExp | null>();

function departementPattern(code: string): RegExp | null {
  let pattern = departementPatterns.get(code);
  if (pattern === undefined) {
    const geo = geography();
    const names = new Set<string>();
    for (const c of geo.communes.values()) {
      if (c.departement.code === code) for (const key of geo.namesOfCommune(c.code)) if (key) names.add(key);
    }
    pattern = names.size ? namesPattern([...names]) : null;
    departementPatterns.set(code, pattern);
  }
  return pattern;
}

/** Cached by département: the communes of today (INSEE codes) each name of one of its communes names. */
const departementNames = new Map<string, Map<string, string[]>>();

function communesByName(code: string): Map<string, string[]> {
  let byName = departementNames.get(code);
  if (byName === undefined) {
    const geo = geography();
    byName = new Map();
    for (const c of geo.communes.values()) {
      if (c.departement.code !== code) continue;
      for (const key of geo.namesOfCommune(c.code)) if (key) byName.set(key, [...(byName.get(key) ?? []), c.code]);
    }
    departementNames.set(code, byName);
  }
  return byName;
}

/** The pattern of `keys` (communeKey names) as whole words, the longest first (« paris 16e » before « paris »). */
function namesPattern(keys: string[]): RegExp {
  const escaped = keys.sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?:^| )(?:(?:a|de|d) )?(?:${escaped.join('|')})(?= |$)`, 'g');
}

/** `base` without its last mention of a place `pattern` matches; `base` itself when that would leave it empty. */
function withoutLastMention(base: string, pattern: RegExp | null): string {
  if (!pattern) return base;
  const last = [...base.matchAll(pattern)].at(-1);
  if (!last) return base;
  const without = `${base.slice(0, last.index)} ${base.slice(last.index + last[0].length)}`.replace(/ +/g, ' ').trim();
  return without || base;
}

/** A name's words, case, accents, ligatures, punctuation and the abbreviations of legal forms aside. */
function formless(name: string): string {
  const words = communeKey(name.replace(dottedInitials, (m) => m.replace(/\./g, ''))).key;
  const kept = words
    .split(' ')
    .filter((w) => !isLegalForm(w))
    .join(' ');
  return kept || words;
}

/**
 * A name as names are compared when an entry of Sirene is looked for among the directory's: case, accents,
 * ligatures and punctuation folded (communeKey: « Allo-Nord » ~ « ALLO NORD »), the abbreviations of legal forms
 * left out (« COMDATA SAS » ~ « Comdata »), and, given the INSEE code of today's commune `commune`, its last mention
 * of that commune, of one of its arrondissements or communes déléguées (« Comdata Amiens » ~ « COMDATA » in Amiens,
 * « Webhelp Paris 16e » ~ « WEBHELP » in Paris), with an « à » or « de » before it. A name that would be left
 * empty keeps what it had before that step (« Orange » in Orange, « SAS » stays « sas »).
 */
export function matchingName(name: string, commune?: string | null): string {
  return withoutLastMention(formless(name), commune ? communePattern(commune) : null);
}

/**
 * The name of a site known to its département alone (`departement`, its code) as names are compared: as
 * `matchingName`, its last mention of any commune of that département taken out (« Comdata Amiens » of the Somme,
 * « l'agglomération » of Amiens, is « comdata »), since the commune it names is not said to be the site's.
 */
export function matchingNameInDepartement(name: string, departement: string): string {
  return withoutLastMention(formless(name), departementPattern(departement));
}

/**
 * The communes of today (INSEE codes) that the last mention of a commune of département `departement` in `name`
 * names, as `matchingNameInDepartement` finds it (« Comdata Amiens » of the Somme: 80021); empty when it names none.
 */
export function communesNamedIn(name: string, departement: string): string[] {
  const pattern = departementPattern(departement);
  const last = pattern ? [...formless(name).matchAll(pattern)].at(-1) : undefined;
  if (!last) return [];
  const mention = last[0].trim();
  const byName = communesByName(departement);
  // « de Amiens », « a Abbeville »: the word before a commune's name, unless it is the name's own (« A… »).
  return byName.get(mention) ?? byName.get(mention.replace(/^(?:a|de|d) /, '')) ?? [];
}

/**
 * The arrondissements municipaux (INSEE codes: 75116, 69383, 13208) the last mention of a commune of département
 * `departement` in `name` names (« Webhelp Paris 16e », « X Lyon 3e », « Y Marseille 8ème »); empty when it names a
 * commune alone, or nothing.
 */
export function arrondissementsNamedIn(name: string, departement: string): string[] {
  const pattern = departementPattern(departement);
  const last = pattern ? [...formless(name).matchAll(pattern)].at(-1) : undefined;
  if (!last) return [];
  const mention = last[0].trim();
  const geo = geography();
  const places = [mention, mention.replace(/^(?:a|de|d) /, '')].flatMap((m) => geo.placesNamed(m));
  return [...new Set(places.flatMap((p) => (p.arrondissement ? [p.arrondissement.code] : [])))];
}

/**
 * Whether `name` names an arrondissement municipal other than `arrondissement` (the establishment's, its INSEE code;
 * null when unknown: then any arrondissement named is not known to be its own).
 */
function namesAnotherArrondissement(name: string, departement: string | null, arrondissement: string | null): boolean {
  if (!departement) return false;
  const named = arrondissementsNamedIn(name, departement);
  return named.length > 0 && (arrondissement === null || !named.includes(arrondissement));
}

/** A site of the directory without a SIRET, as the matching reads it. */
export interface Unidentified {
  id: string;
  name: string;
  aliases: string[] | null;
  operator_id: string | null;
}

/** What an establishment is found to be among the sites without a SIRET of its commune. */
export type SiteMatch = { site: string } | { ambiguous: string[] } | null;

/**
 * Which of `near` (the sites without a SIRET in an establishment's commune, `commune` its INSEE code of today) an
 * establishment is, given its `names` (enseigne, usual name, legal unit's name) and `operator`, the id of the operator
 * that is its legal unit (by SIREN, or matched by name when it had none), or null:
 * - by name: a site whose name or alias agrees with one of `names` (matchingName, in that commune);
 * - by operator: the site of `operator`, when it has exactly one there.
 * Either rule finds a site only for an establishment `alone`, the only one of its legal unit in the commune in the
 * stock: of several, which one the site is cannot be told (two COMDATA of Amiens and « Comdata Amiens »). A site
 * both rules give, when it is the only one, is it (a name among several sites of the operator); else the sites either
 * rule gives: one is it, several are ambiguous, never guessed, and so is any of them when the establishment is not
 * alone; none is no match. A site whose agreeing name names another arrondissement municipal than the
 * establishment's (`arrondissement`: « Webhelp Paris 16e », of Paris with no arrondissement recorded, and WEBHELP of
 * 75108) is a candidate only, never taken.
 */
export function matchSite(
  near: readonly Unidentified[],
  names: readonly (string | null | undefined)[],
  operator: string | null,
  commune: string | null,
  alone: boolean,
  arrondissement: string | null = null,
): SiteMatch {
  const keys = new Set(names.flatMap((n) => (n ? [matchingName(n, commune)] : [])));
  const agreeing = (s: Unidentified) =>
    [s.name, ...(s.aliases ?? [])].filter((n) => keys.has(matchingName(n, commune)));
  const byName = near.filter((s) => agreeing(s).length);
  const departement = commune ? (geography().communes.get(commune)?.departement.code ?? null) : null;
  const elsewhere = byName.some((s) =>
    agreeing(s).every((n) => namesAnotherArrondissement(n, departement, arrondissement)),
  );
  const operated = operator === null ? [] : near.filter((s) => s.operator_id === operator);
  const both = byName.filter((s) => operated.includes(s));
  if (both.length === 1 && alone && !elsewhere) return { site: both[0]!.id };
  const candidates = [...new Set([...byName, ...operated].map((s) => s.id))].sort();
  if (candidates.length === 1 && alone && !elsewhere) return { site: candidates[0]! };
  return candidates.length ? { ambiguous: candidates } : null;
}

/**
 * `found`, the match among the sites of an establishment's commune (`matchSite`), widened to `wide`, the sites
 * without a SIRET known to its département alone (their commune unknown: « l'agglomération » of Amiens), of
 * `departement`: one whose name agrees with one of `names` (`matchingName` in the establishment's `commune`, against
 * `matchingNameInDepartement`) is a candidate too. Such a site's commune is unknown: it is the establishment only when
 * the name that agrees names the establishment's commune (`communesNamedIn`: « Comdata Amiens » and COMDATA of
 * Amiens) and, when it names an arrondissement municipal, the establishment's (`arrondissement`, its INSEE code:
 * « Webhelp Paris 16e » is WEBHELP of 75116, not of 75108; `arrondissementsNamedIn`), it is the one candidate in all,
 * and the establishment is `alone` (the only one of its legal unit in the commune in the stock). Else every candidate is listed, never guessed: a site whose name names another commune
 * (« Comdata Amiens » and COMDATA of Abbeville, or of Dury in its agglomeration) or none, or several candidates (a
 * site of the commune does not outrank one of the département that bears its name).
 */
export function matchInDepartement(
  found: SiteMatch,
  wide: readonly Unidentified[],
  names: readonly (string | null | undefined)[],
  commune: string | null,
  departement: string,
  alone: boolean,
  arrondissement: string | null = null,
): SiteMatch {
  const keys = new Set(names.flatMap((n) => (n ? [matchingName(n, commune)] : [])));
  const agreeing = (s: Unidentified) =>
    [s.name, ...(s.aliases ?? [])].filter((n) => keys.has(matchingNameInDepartement(n, departement)));
  const named = wide.filter((s) => agreeing(s).length);
  if (!named.length) return found;
  const near = found === null ? [] : 'site' in found ? [found.site] : found.ambiguous;
  const candidates = [...new Set([...near, ...named.map((s) => s.id)])].sort();
  const placed = named.filter(
    (s) =>
      commune !== null &&
      agreeing(s).some(
        (n) =>
          communesNamedIn(n, departement).includes(commune) &&
          !namesAnotherArrondissement(n, departement, arrondissement),
      ),
  );
  return candidates.length === 1 && placed.length === 1 && alone ? { site: candidates[0]! } : { ambiguous: candidates };
}
