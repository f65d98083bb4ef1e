// The verbatim rule of quotes: a quote of a source whose text Plateau holds (its article's file under
// seed-data/articles/, `sources.file`) must be found in that text, word for word, whole words, and be long enough to
// say something (two words, eight letters or digits). One rule for the seed loader's check, every write and the rows
// `npm run import` checks.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type FieldError, unprocessable } from '../domain/errors.js';
import { seedFolder } from '../paths.js';

/**
 * Text as quotes are compared: in Unicode NFC, each line break (`\r\n`, `\r`) a `\n`, each space of any kind (a tab,
 * a non-breaking space U+00A0, a narrow one U+202F inside « », any of Unicode's `Zs`) a plain space U+0020, one for
 * one: spacing is typography, not words (a quote copied from a published page has U+0020 where the article has
 * U+00A0).
 */
const comparable = (text: string) =>
  text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\t\p{Zs}]/gu, ' ');

/** The least a quote of a held text holds: words (runs between spaces holding a letter or a digit), letters or digits. */
export const quoteMinimum = { words: 2, letters: 8 } as const;

/** The rule, as every refusal of a quote of a held text ends with it. */
export const quoteRule =
  'a quote is whole words of the text, word for word, at least ' +
  `${quoteMinimum.words} words and ${quoteMinimum.letters} letters or digits`;

/** A character of a word: a letter (with its marks) or a digit. */
const wordCharacter = /[\p{L}\p{M}\p{N}]/u;

/** Whether a quote is long enough to say something (`quoteMinimum`): « 300 salariés » is, « Orléans » alone is not. */
function longEnough(quote: string): boolean {
  const words = quote.split(/\s+/).filter((w) => wordCharacter.test(w)).length;
  const letters = quote.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  return words >= quoteMinimum.words && letters >= quoteMinimum.letters;
}

/** What is wrong with a quote of a held text: too short, found only inside words, not found; null when it is good. */
export type VerbatimFault = 'short' | 'inside a word' | 'not found';

/**
 * Why `quote` is not a quote of `text` (`VerbatimFault`), or null when it is: long enough (`quoteMinimum`) and found
 * in it word for word, beginning and ending on the text's word boundaries (a quote that begins or ends with a letter
 * or digit is not preceded or followed there by another: « 300 salariés » is not found in « 1300 salariés », nor
 * « Orléans ferme » in « Orléans fermera »; « Orléans ferme » is in « d’Orléans ferme »). Both compared in Unicode NFC
 * (a write's text is NFC, an article's file may not be) with line breaks alike (a CSV cell over two lines ends them
 * with `\r\n`) and spaces alike (U+00A0, U+202F, a tab: U+0020, `comparable`), nothing else folded: not case, not
 * how many spaces, not apostrophes.
 */
export function verbatimFault(text: string, quote: string): VerbatimFault | null {
  if (!longEnough(comparable(quote))) return 'short';
  return placeFault(text, quote);
}

/** Where `quote` stands in `text` by the verbatim rule, its length aside: not found, inside a word, or null (found). */
function placeFault(text: string, quote: string): Exclude<VerbatimFault, 'short'> | null {
  const wanted = comparable(quote);
  if (!wanted) return 'not found';
  const held = comparableText(text);
  let at = held.indexOf(wanted);
  if (at === -1) return 'not found';
  // Each place the quote is found, until one begins and ends on word boundaries: no regular expression made per quote
  // (one with Unicode classes costs a millisecond to compile, most of the seed's check at start).
  // The quote's first and last code points (a letter outside the basic plane, 𝐀, is two code units).
  const checkBefore = startsWithWordCharacter.test(wanted);
  const checkAfter = endsWithWordCharacter.test(wanted);
  for (; at !== -1; at = held.indexOf(wanted, at + 1)) {
    if (checkBefore && endsWithWordCharacter.test(held.slice(Math.max(0, at - 2), at))) continue;
    if (checkAfter && startsWithWordCharacter.test(held.slice(at + wanted.length, at + wanted.length + 2))) continue;
    return null;
  }
  return 'inside a word';
}

/** Whether a text's last code point (of the two code units before a place, or a quote's) is a word's, or its first. */
const endsWithWordCharacter = /[\p{L}\p{M}\p{N}]$/u;
const startsWithWordCharacter = /^[\p{L}\p{M}\p{N}]/u;

/** The last held text made comparable, and what it gave: the quotes of one source are checked one after another. */
let lastComparable: { text: string; comparable: string } | undefined;

function comparableText(text: string): string {
  if (lastComparable?.text !== text) lastComparable = { text, comparable: comparable(text) };
  return lastComparable.comparable;
}

/**
 * Whether `quote` is in `text` word for word, on its word boundaries, whatever its length (`verbatimFault` but
 * `short`): a short text of a record (a company's name, a SIREN as written) is quoted whole.
 */
export function foundVerbatim(text: string, quote: string): boolean {
  return placeFault(text, quote) === null;
}

/** Is `quote` a quote of `text` by the verbatim rule (`verbatimFault`: long enough, whole words, word for word)? */
export function quotedVerbatim(text: string, quote: string): boolean {
  return verbatimFault(text, quote) === null;
}

/**
 * The refusal of a quote of the held text of `source` (its id and title), worded with the rule (`quoteRule`), or null
 * when the quote is good: « not found verbatim in the text of the source '…' (« … »): a quote is whole words… ».
 */
export function verbatimRefusal(text: string, quote: string, source: { id: string; title: string }): string | null {
  const fault = verbatimFault(text, quote);
  if (!fault) return null;
  const of = `the text of the source '${source.id}' (« ${source.title} »)`;
  const said =
    fault === 'short'
      ? `is too short to quote ${of}`
      : fault === 'inside a word'
        ? `begins or ends inside a word of ${of}`
        : `not found verbatim in ${of}`;
  return `${said}: ${quoteRule}`;
}

/** The held texts read so far, by file (the articles do not change while Plateau runs). */
const texts = new Map<string, Promise<string | null>>();

/** The text of an article file under seed-data/articles/, or null when this installation does not hold it. */
export function heldText(file: string): Promise<string | null> {
  let text = texts.get(file);
  if (!text) {
    text = readFile(path.join(seedFolder, 'articles', path.basename(file)), 'utf8').catch(() => null);
    texts.set(file, text);
  }
  return text;
}

/**
 * A stored source as the verbatim rule reads it: the file of its held text (null when Plateau holds none), its title
 * (named in a refusal) and when it was published (null when unknown). Read with the source's id when a write resolves
 * its citations (citations/input.ts `sourceIds`), once.
 */
export type QuotedSource = {
  id: string;
  file: string | null;
  title: string;
  published_on: string | null;
};

/**
 * Refuses (422, at each quote's `name`: `citations.0.quote`) the quotes of known sources whose text Plateau holds
 * that break the verbatim rule (`verbatimRefusal`), `sources` the sources quoted as already read, by id. The quotes of
 * sources without a held text (a new source, a web page, a Sirene stock, a BODACC notice) are not checked. Returns
 * when each source quoted was published (`published_on`, null when unknown), by id, for the rule of dates
 * (writes/dates.ts, `laterThanSources`).
 */
export async function requireVerbatim(
  quoted: readonly { source_id: string; quote: string; name: string }[],
  sources: ReadonlyMap<string, QuotedSource>,
): Promise<Map<string, string | null>> {
  const found = new Map(
    quoted.flatMap((q) => (sources.has(q.source_id) ? [[q.source_id, sources.get(q.source_id)!]] : [])),
  );
  const errors: FieldError[] = [];
  for (const { source_id, quote, name } of quoted) {
    const source = found.get(source_id);
    const text = source?.file ? await heldText(source.file) : null;
    const message = source && text !== null ? verbatimRefusal(text, quote, source) : null;
    if (message) errors.push({ in: 'body', name, message });
  }
  if (errors.length) throw unprocessable(errors);
  return new Map([...found.values()].map((r) => [r.id, r.published_on]));
}
