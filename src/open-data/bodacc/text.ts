// Text helpers of the BODACC readers: a folded copy of a notice's text that keeps every character at its place
// (so that a match found in the folded text is the same span of the original), and the key names are compared by.
import { firmNameForms, undottedForms } from '../../domain/legal-forms.js';
import { inCapitals, usualCase } from '../../domain/text.js';

/** The folded form of each character outside ASCII met so far (a few hundred at most): normalising is dear. */
const foldedChars = new Map<string, string>();

/** One character lower-cased and stripped of its accents, still one UTF-16 unit (« É » → « e », « ’ » → « ' »). */
function foldChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 0x20) : c === '`' ? "'" : c;
  let folded = foldedChars.get(c);
  if (folded === undefined) {
    folded = foldOther(c);
    foldedChars.set(c, folded);
  }
  return folded;
}

/** `foldChar` of a character outside ASCII. */
function foldOther(c: string): string {
  if (c === '\u2019' || c === '\u02bc') return "'";
  if (c === '\u00a0' || c === '\u202f') return ' ';
  if (c === '\u2013' || c === '\u2014') return '-';
  if (c === 'œ' || c === 'Œ' || c === 'æ' || c === 'Æ') return 'o';
  const base = c.normalize('NFD')[0] ?? c;
  const lower = base.toLowerCase();
  return lower.length === 1 ? lower : c;
}

/**
 * `text` lower-cased, without accents, curly apostrophes as « ' », non-breaking spaces as spaces: the same length
 * as `text`, index for index, so that a match in it is the span of the same words in `text`.
 */
export function foldInPlace(text: string): string {
  let out = '';
  for (const c of text) {
    // Characters outside the BMP (two units) are kept as they are: the lengths stay equal.
    out += c.length === 1 ? foldChar(c) : c;
  }
  return out;
}

/**
 * The words of a person's name as names are compared: folded, split at spaces, hyphens and apostrophes, in their
 * order read as a circle (the first of its rotations in alphabetical order), so that the first names and the surname
 * written either way round are one key (« Me Pierre-Henri DE LA TOUR D'AUBIN » and « Maître de La Tour d'Aubin Pierre
 * Henri », « MARTIN Jean-Pierre » and « Jean-Pierre Martin »), while the same words in another order are another
 * name (« Pierre-Jean Martin », « Jean Martin-Pierre » are not « Jean-Pierre Martin »).
 */
export function personKey(name: string): string {
  const words = nameWords(name);
  let key = words.join(' ');
  for (let i = 1; i < words.length; i++) {
    const rotated = [...words.slice(i), ...words.slice(0, i)].join(' ');
    if (rotated < key) key = rotated;
  }
  return key;
}

/** The folded words of a name, in their order (see `personKey`). */
export function nameWords(name: string): string[] {
  return foldInPlace(name.normalize('NFC'))
    .split(/[\s'\-.]+/)
    .filter((w) => w.length > 0);
}

/**
 * A firm's name as firms are compared: folded words, its legal form included (read as the form when written with
 * full stops, « S.E.L.A.R.L. » is « selarl »: domain/legal-forms.ts `undottedForms`), in their order; punctuation,
 * parentheses and guillemets aside (« SELARL « Alpes Mandataires » », « Alpes Mandataires (SELARL) »).
 */
export function firmKey(firm: string): string {
  return foldInPlace(undottedForms(firm.normalize('NFC')).replace(/&/g, ' et '))
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .join(' ');
}

/** The legal forms a firm's name may start or end with, folded (domain/legal-forms.ts `firmNameForms`). */
const legalForms: ReadonlySet<string> = new Set(firmNameForms.map((f) => f.toLowerCase()));

/**
 * A firm's name with its legal form aside (`firmKey` without a form as its first or last word: « SELARL Rhône
 * Mandataires », « Rhône Mandataires SELAS » and « Rhône Mandataires » are `rhone mandataires`), and that form
 * (`selarl`, `selas`, null when none is written): how matching finds the same étude written with another form.
 */
export function firmWordsKey(firm: string): { words: string; form: string | null } {
  const words = firmKey(firm).split(' ');
  let form: string | null = null;
  if (words.length > 1 && legalForms.has(words[0]!)) form = words.shift()!;
  else if (words.length > 1 && legalForms.has(words.at(-1)!)) form = words.pop()!;
  return { words: words.join(' '), form };
}

/**
 * The particles a surname may hold or start with, folded (« Antoine de la Tour », « Pieter van der Berg », « Nadia
 * ben Ali », « Karim al Masri »): a particle is part of the surname it comes before, never a name of its own. The
 * practitioner reader takes them with the surname, whichever order the name is written in; matching counts the
 * words of a name that are not particles (`nameProperWords`).
 */
export const nameParticles: ReadonlySet<string> = new Set(
  [
    'de',
    'du',
    'des',
    "d'",
    'la',
    'le',
    'van',
    'von',
    'der',
    'den',
    'ter',
    'ten',
    'di',
    'da',
    'dos',
    'del',
    'della',
  ].concat(['el', 'al', 'ben', 'bin', 'ibn', 'mac', 'mc']),
);

/**
 * A person's name as Plateau shows it: « Prénom Nom », the surname in its usual case, whatever the notice wrote.
 * The words in capitals are the surname when the others are not (« LEBRUN Paul » → « Paul Lebrun », « LE GOFF
 * Yannick » → « Yannick Le Goff », « DE LA TOUR D'AUBIN Pierre-Henri » → « Pierre-Henri de La Tour d'Aubin »);
 * a name written in mixed case keeps its order (« Jean-Marc Delattre », « Charles de Montferrand »); a name all in
 * capitals keeps its order, each word in its usual case (« MARTINE CHABERT » → « Martine Chabert »), but beside
 * the `firm` it acts for when that firm's name carries its first word and not its last (« Lemoine Anne-Sophie » of
 * « SCP Lemoine et Associés » → « Anne-Sophie Lemoine »). Its key
 * (`personKey`) is the one of the name as written, so matching is unchanged.
 */
export function displayPersonName(name: string, firm?: string | null): string {
  const words = name.normalize('NFC').trim().split(/\s+/).filter(Boolean);
  // « SCP LEMOINE ET ASSOCIES en la personne de Me Lemoine Anne-Sophie »: no capitals tell the order, the firm's name
  // does: it carries the first word and not the last, so the first is the surname (« Anne-Sophie Lemoine »).
  const firmWords = firm && !words.some(inCapitals) && words.length > 1 ? new Set(nameWords(firm)) : null;
  if (
    firmWords &&
    nameWords(words[0]!).every((w) => firmWords.has(w)) &&
    !nameWords(words.at(-1)!).some((w) => firmWords.has(w))
  )
    return [...words.slice(1), words[0]!].join(' ');
  const capitals = words.map(inCapitals);
  const surname = words.filter((_, i) => capitals[i]);
  const given = words.filter((_, i) => !capitals[i]);
  // Surname in capitals beside a given name in mixed case: given name first. A name in mixed case that starts with
  // a particle in lower case is written surname first (« de la Tour Antoine », « du Pont Marie »): its last word is
  // the given name.
  const surnameFirst = !surname.length && words.length > 2 && /^\p{Ll}/u.test(words[0]!) && isParticle(words[0]!);
  const ordered =
    surname.length && given.length
      ? [...given, ...surname]
      : surnameFirst
        ? [words.at(-1)!, ...words.slice(0, -1)]
        : words;
  return ordered.map((w) => (inCapitals(w) ? usualCase(w) : w)).join(' ');
}

/** Whether a word is a particle of a surname (« de », « van », « d'Ornano »'s « d' »; see `nameParticles`). */
const isParticle = (word: string) => nameParticles.has(foldInPlace(word)) || /^d['’]\p{L}/iu.test(word);

/**
 * The words of a name that are not particles (« Antoine de la Tour » → antoine, tour; « de la Tour » → tour):
 * fewer than two say no one for sure (a first name alone, a surname alone).
 */
export function nameProperWords(name: string): string[] {
  return nameWords(name).filter((w) => !nameParticles.has(w) && w !== 'd');
}
