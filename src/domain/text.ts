// Text as the directory keeps it: never a character that is no text (the class `refusedCharacters` names: control
// characters other than tab and line break, U+FFFE and U+FFFF, half of a surrogate pair), a line break and an
// invisible format character (Unicode Cf, but a soft hyphen and the joiners) only in the fields that hold several
// lines (`multiLineFields`), always Unicode NFC. And text as a terminal is shown it
// (`visible`, `bounded`): whatever a file held, its control characters are printed as escapes, never obeyed.
import { tooLong } from './issues.js';

/** A level of the walk: the entries of one object or array still to look at, and where it sits. */
interface Level {
  path: string;
  entries: Iterator<[string, unknown]>;
  /** Its own key in the level above, checked once its content has been (a NUL may hide in a key too). */
  key?: string;
  parentPath?: string;
}

const childPath = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * The fields whose text may run over several lines (a line break, U+000A): a citation's quote, an entry's notes,
 * description and company description, a headcount's note, a BODACC judgment's complement. Every other text is one
 * line: names, aliases, titles, addresses, courts, natures, codes, and every query or path parameter. Named by the
 * last key of a field's path (`citations.0.quote`, `hotline.notes`) or of a flattened import column
 * (`citation_quote`, `hotline_notes`).
 */
export const multiLineFields: ReadonlySet<string> = new Set([
  'quote',
  'notes',
  'note',
  'description',
  'company_description',
  'complementJugement',
]);

/**
 * The fields of several lines that hold a source's words as they are written (a citation's quote, a BODACC judgment's
 * complement): verbatim, they may hold the invisible format characters the source holds (a zero-width space copied
 * from a page), which every other field refuses. Control characters other than tab and line break are refused there
 * too.
 */
export const verbatimFields: ReadonlySet<string> = new Set(['quote', 'complementJugement']);

/** The field a path names: its last key that is no index (`citations.0.quote` → `quote`), or null. */
function fieldOf(path: string): string | null {
  return (
    path
      .split('.')
      .reverse()
      .find((part) => !/^\d+$/.test(part)) ?? null
  );
}

/** Whether `field` or, for a flattened import column (`hotline_notes`), its last word is one of `fields`. */
function namedIn(fields: ReadonlySet<string>, field: string | null): boolean {
  if (!field) return false;
  if (fields.has(field)) return true;
  const flattened = field.lastIndexOf('_');
  return flattened > 0 && fields.has(field.slice(flattened + 1));
}

/** Whether the field at `path` (`citations.0.quote`, `aliases.3`, `hotline_notes`) may hold line breaks. */
export function allowsLineBreaks(path: string): boolean {
  return namedIn(multiLineFields, fieldOf(path));
}

/** Whether the field at `path` holds a source's words verbatim (`verbatimFields`: `citations.0.quote`). */
export function isVerbatim(path: string): boolean {
  return namedIn(verbatimFields, fieldOf(path));
}

/** How a field's text is checked: one line, several lines, or several lines of a source's words (`verbatimFields`). */
export type TextShape = 'one-line' | 'lines' | 'verbatim';

/** The `TextShape` of the field at `path`. */
export function textShapeOf(path: string): TextShape {
  if (!allowsLineBreaks(path)) return 'one-line';
  return isVerbatim(path) ? 'verbatim' : 'lines';
}

/**
 * The characters no text of the directory holds, wherever it comes from (an API body, a query or path parameter, a
 * row of every import, the seed): the C0 control characters but tab and line break (U+0000–U+0008, U+000B–U+001F:
 * NUL, which PostgreSQL cannot store, ESC, which drives a terminal, CR, VT, FF…), DEL and the C1 controls
 * (U+007F–U+009F, NEL among them), the non-characters U+FFFE and U+FFFF, and half of a surrogate pair (no character
 * at all; PostgreSQL's JSON refuses it): `verbatim`, what a source's words (`verbatimFields`) may not hold. A Windows
 * line end (CR LF) is a line break (`normalized` writes it LF), a carriage return alone is refused. `lines` (every
 * other field of several lines, `multiLineFields`: notes, a description) adds the invisible format characters but
 * those `formatCharacters` keeps (a bidirectional override, a zero-width space); `oneLine` (every other field)
 * adds the line break, and the line and paragraph separators U+2028 and U+2029 too.
 */
const refusedCharacters = {
  verbatim: /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|\r(?!\n)|\p{Surrogate}/u,
  lines:
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|\r(?!\n)|\p{Surrogate}|(?![\u00AD\u200C\u200D])\p{Cf}/u,
  oneLine:
    /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029\uFFFE\uFFFF]|\p{Surrogate}|(?![\u00AD\u200C\u200D])\p{Cf}/u,
};

/**
 * The invisible format characters (Unicode category Cf) a one-line field may hold: the soft hyphen (U+00AD, a
 * hyphenation point of text copied from a page), the zero-width non-joiner and joiner (U+200C, U+200D: scripts that
 * need them, emoji sequences), which `refusedCharacters.oneLine` lets by. Every other one (a zero-width space U+200B, a byte-order mark U+FEFF, the bidirectional
 * marks, embeddings, overrides and isolates U+200E, U+200F, U+202A–U+202E, U+2066–U+2069…) is refused there: unseen,
 * it makes « Name\u200b » another name than « Name », and a bidirectional override shows « Bidi\u202eevil » as
 * « Bidilive ». Those kept are left out when names are compared (`withoutFormatCharacters`).
 */
const formatCharacters = /\p{Cf}/gu;

/** `text` without its invisible format characters (Unicode Cf: a soft hyphen, a joiner), as names are compared. */
export function withoutFormatCharacters(text: string): string {
  return text.replace(formatCharacters, '');
}

/** The names of the C0 control characters (U+0000 to U+001F), as a message gives them: « U+001B (ESC) ». */
const controlNames =
  'NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US'.split(
    ' ',
  );

/** A character as U+ and four or more hexadecimal digits: « U+001B ». */
const codePoint = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** What a field holding the NUL character is told (HTTP bodies and every import's rows alike). */
export const nulMessage = 'must not contain the NUL character';

/** What a field holding a lone surrogate is told (HTTP bodies and import rows alike). */
export const loneSurrogateMessage = 'must be Unicode text: it holds half of a surrogate pair';

/** What a one-line field holding a line break is told. */
export const lineBreakMessage = 'must be one line: it must not contain a line break (U+000A)';

/** What a one-line field holding the line separator U+2028 or the paragraph separator U+2029 is told. */
export const separatorMessage = (code: number): string =>
  `must be one line: it must not contain a line break (${codePoint(code)}, a ${
    code === 0x2028 ? 'line' : 'paragraph'
  } separator)`;

/** What a field holding `character`, one of `refusedCharacters`, is told. */
function refusal(character: string): string {
  const code = character.codePointAt(0)!;
  if (code === 0) return nulMessage;
  if (code === 0x0a) return lineBreakMessage;
  if (code === 0x2028 || code === 0x2029) return separatorMessage(code);
  if (code >= 0xd800 && code <= 0xdfff) return loneSurrogateMessage;
  if (code === 0xfffe || code === 0xffff) return `must not contain ${codePoint(code)}, which is not a character`;
  if (code > 0x9f) return `must not contain ${codePoint(code)}, an invisible format character (Unicode Cf)`;
  const name = code < 0x20 ? controlNames[code] : code === 0x7f ? 'DEL' : null;
  return `must not contain the control character ${codePoint(code)}${name ? ` (${name})` : ''}`;
}

/**
 * What is wrong with `text` as text the directory keeps, in words, or null: its first character of
 * `refusedCharacters` (« must not contain the control character U+001B (ESC) », « must not contain the NUL
 * character », « must not contain U+202E, an invisible format character (Unicode Cf) »), a line break included
 * unless `multiLine` (true: a field of several lines; `verbatim`: one holding a source's words, which keeps its
 * invisible format characters). The one rule of stored text: the HTTP hook (http/text.ts), the importer, the seed
 * loader and the open-data imports all apply it.
 */
export function textRefusal(text: string, multiLine: boolean | 'verbatim'): string | null {
  const pattern =
    multiLine === 'verbatim'
      ? refusedCharacters.verbatim
      : multiLine
        ? refusedCharacters.lines
        : refusedCharacters.oneLine;
  const found = pattern.exec(text);
  if (!found) return null;
  return found[0] === '\r' && text[found.index + 1] === '\n' ? lineBreakMessage : refusal(found[0]);
}

/** A string of a request or a row refused: where it stands (`citations.0.quote`, `body`) and why. */
export interface RefusedText {
  path: string;
  message: string;
}

/**
 * The first string of `value` (depth first, in key order) that `textRefusal` refuses, with its path
 * (`citations.0.quote`, `body` for a bare string), line breaks allowed where `allowsLineBreaks` says; a key is one
 * line, and refused as the path of the object holding it (or the key itself at the top). Null when all is text the
 * directory keeps. Walked with a stack of its own, not by recursion: a JSON body nested a hundred thousand levels
 * deep answers like any other, where recursion would overflow the call stack.
 */
export function refusedText(value: unknown): RefusedText | null {
  let message: string | null = null;
  const path = pathOf(value, (text, at) => {
    const shape = at === null ? 'one-line' : textShapeOf(at);
    message = textRefusal(text, shape === 'verbatim' ? 'verbatim' : shape === 'lines');
    return message !== null;
  });
  return path === null ? null : { path, message: message! };
}

/** The value INSEE writes in place of one not to be published (Sirene's non-diffusible units): never stored. */
export const masked = '[ND]';

/** What a cell holding only INSEE's mask is told: it is no value, and a row that has it is refused at its line. */
export const maskedMessage = `is masked (${masked}): a value not published is unknown; leave the cell empty`;

/** Whether `value` is INSEE's mask alone (`[ND]`, spaces and case aside): no value, a value not published. */
export function isMasked(value: string): boolean {
  return value.trim().toUpperCase() === masked;
}

/** INSEE's mask among other words (« SELARL [ND] »): a value made of a value not published, spaces and case aside. */
const maskWithin = /\[\s*ND\s*\]/i;

/** What a text holding INSEE's mask among other words is told: a value made partly of an unknown one is no value. */
export const maskedWithinMessage = `holds INSEE's mask (${masked}): a value not published is unknown, part of no value`;

/**
 * The first string of `value` (depth first, in key order, as `refusedText` walks) that is INSEE's mask alone
 * (`isMasked`, `maskedMessage`), or, with `within`, that holds it among other words (« SELARL [ND] »,
 * `maskedWithinMessage`), with its path (`name`, `aliases.3`, `hotline.notes`); null when none is. The one rule of the
 * mask in what a write states: every kind's fields whoever writes them (writes/kind-writes.ts `defineWrites`: POST,
 * PATCH, batches, `npm run import`, the seed, the open-data imports, a merge's survivor) and the links' bodies (a
 * headcount's note, an officer's person and title), `within`; citations' quotes and sources, the mask alone (a
 * record's quote naming a masked cell is refused by its own rule, citations/records.ts).
 */
export function maskedText(value: unknown, within = false): RefusedText | null {
  let message = maskedMessage;
  const path = pathOf(value, (text, at) => {
    if (at === null) return false;
    if (isMasked(text)) return true;
    if (!within || !maskWithin.test(text)) return false;
    message = maskedWithinMessage;
    return true;
  });
  return path === null ? null : { path, message };
}

/**
 * What is wrong with a text cell an import reads, in words, or null: a character the directory does not keep
 * (`textRefusal`, a line break too unless `multiLine`), INSEE's mask (`[ND]`, `maskedMessage`), or more than `max`
 * characters (« is 412 characters long: must be at most 300 »), checked in that order.
 */
export function cellRefusal(value: string, max: number, multiLine: boolean | 'verbatim' = false): string | null {
  const refused = textRefusal(value, multiLine);
  if (refused) return refused;
  if (isMasked(value)) return maskedMessage;
  return value.length > max ? tooLong(value.length, max) : null;
}

/**
 * What a terminal is shown of text: the control characters (tab and line break included), DEL, the C1 controls,
 * U+FFFE and U+FFFF, half of a surrogate pair, the line and paragraph separators and the bidirectional controls
 * (which reorder what follows) written as visible escapes (`\u001b`), so that a file's text is read, never obeyed
 * (« \u001b[2J » does not clear the screen). Applying it twice changes nothing more.
 */
export function visible(text: string): string {
  return text.replace(
    /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069\uFFFE\uFFFF]|\p{Surrogate}/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * What a report prints of a cell: its first `max` characters, and an ellipsis when it was longer, `visible` (its
 * control characters escaped). Every CLI prints the text it read through it, or whole lines through `visible`.
 */
export function bounded(text: string, max = 200): string {
  return visible(text.length > max ? `${text.slice(0, max)}…` : text);
}

/**
 * The path of the first string (or key) that `holds` says holds something (see `refusedText`), or null. `holds` is
 * told the string's path, or null for a key.
 */
function pathOf(value: unknown, holds: (text: string, path: string | null) => boolean): string | null {
  if (typeof value === 'string') return holds(value, 'body') ? 'body' : null;
  if (!value || typeof value !== 'object') return null;
  const stack: Level[] = [{ path: '', entries: Object.entries(value)[Symbol.iterator]() }];
  while (stack.length > 0) {
    const level = stack[stack.length - 1]!;
    const next = level.entries.next();
    if (next.done) {
      stack.pop();
      if (level.key !== undefined && holds(level.key, null)) return level.parentPath || level.key;
      continue;
    }
    const [key, item] = next.value;
    const path = childPath(level.path, key);
    if (item && typeof item === 'object') {
      stack.push({ path, entries: Object.entries(item)[Symbol.iterator](), key, parentPath: level.path });
      continue;
    }
    if (typeof item === 'string' && holds(item, path)) return path || 'body';
    if (holds(key, null)) return level.path || key;
  }
  return null;
}

/** Whether `toNfc` walks into the value: arrays and plain records (a null-prototype one, Fastify's parsed query, too). */
function isWalkable(value: unknown): value is object {
  if (!value || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return Array.isArray(value) || prototype === Object.prototype || prototype === null;
}

/**
 * `text` as the directory keeps it: in Unicode NFC, its Windows line ends (CR LF, as a spreadsheet writes a cell of
 * several lines in a file of CR LF lines, or a browser a text area) written as one line break (LF). A carriage
 * return alone stays, for `textRefusal` to refuse.
 */
export function normalized(text: string): string {
  const nfc = text.normalize('NFC');
  return nfc.includes('\r\n') ? nfc.replaceAll('\r\n', '\n') : nfc;
}

/**
 * `value` with every string `normalized` (Unicode NFC, CR LF line ends as LF), however deep (object keys too):
 * « Vendo\u0302me » typed with a combining accent becomes the « Vendôme » typed precomposed, so that both are one
 * name wherever names are compared (ids made from names, duplicates, sorts, search). Other values are returned as
 * they are. Like `refusedText`, walked with a stack of its own: a body nested a hundred thousand levels deep does not
 * overflow the call stack.
 */
export function toNfc<T>(value: T): T {
  if (typeof value === 'string') return normalized(value) as T;
  if (!isWalkable(value)) return value;
  const copyOf = (from: object): object => (Array.isArray(from) ? [] : {});
  const root = copyOf(value);
  const stack: { from: object; to: object }[] = [{ from: value, to: root }];
  while (stack.length > 0) {
    const { from, to } = stack.pop()!;
    for (const [key, item] of Object.entries(from)) {
      let copy: unknown = item;
      if (typeof item === 'string') copy = normalized(item);
      else if (isWalkable(item)) {
        copy = copyOf(item);
        stack.push({ from: item, to: copy as object });
      }
      // Defined, not assigned: a key « __proto__ » stays an ordinary key, as JSON.parse made it.
      Object.defineProperty(to, Array.isArray(to) ? key : normalized(key), {
        value: copy,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return root as T;
}

// The case of a person's name (the BODACC reader's `displayPersonName`, the practitioners' list's `practitionerNameOf`).
/** Particles written in lower case inside a name (« Charles de Montferrand », « Pierre-Henri de La Tour d'Aubin »). */
const lowerParticles = new Set(['de', 'du', 'des', "d'", 'd’']);

/** A word in capitals (« LEBRUN », « POIRIER-DUVAL », « D'AUBIN »): two letters or more, none in lower case. */
export const inCapitals = (word: string) =>
  !word.endsWith('.') && /\p{Lu}.*\p{Lu}/u.test(word) && !/\p{Ll}/u.test(word);

/** A word in capitals in its usual case: « LEBRUN » → « Lebrun », « POIRIER-DUVAL » → « Poirier-Duval »,
 * « D'AUBIN » → « d'Aubin », « DE » → « de », « LE » → « Le » (« Le Goff »). */
export function usualCase(word: string): string {
  const lower = word.toLocaleLowerCase('fr');
  if (lowerParticles.has(lower)) return lower;
  const capitalised = lower.replace(
    /(^|[-'’])(\p{Ll})/gu,
    (_, sep: string, c: string) => sep + c.toLocaleUpperCase('fr'),
  );
  // « D'AUBIN » → « d'Aubin », but « O'NEILL » → « O'Neill ».
  return capitalised.replace(/^D(['’])/u, 'd$1');
}
