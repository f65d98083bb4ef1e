// Text helpers of the BODACC readers: a folded copy of a notice's text that keeps every character at its place
// (so that a match found in the folded text is the same span of the original), and the key names are compared by.

/** One character lower-cased and stripped of its accents, still one UTF-16 unit (« É » → « e », « ’ » → « ' »). */
function foldChar(c: string): string {
  if (c === '\u2019' || c === '\u02bc' || c === '`') return "'";
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
 * The words of a person's name as names are compared: folded, split at spaces, hyphens and apostrophes, sorted,
 * so that « Me Pierre-Henri DE LA TOUR D'AUBIN » and « Maître de La Tour d'Aubin Pierre Henri » are one key.
 */
export function personKey(name: string): string {
  return nameWords(name).sort().join(' ');
}

/** The folded words of a name, in their order (see `personKey`). */
export function nameWords(name: string): string[] {
  return foldInPlace(name.normalize('NFC'))
    .split(/[\s'\-.]+/)
    .filter((w) => w.length > 0);
}

/** A firm's name as firms are compared: folded words, its legal form included, in their order. */
export function firmKey(firm: string): string {
  return nameWords(firm.replace(/&/g, ' et ')).join(' ');
}
