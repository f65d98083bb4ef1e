// Reading an import file row by row, whatever its format: CSV (semicolon,
// comma or tab, with a header row, in the encoding spreadsheets save), JSON
// lines, or a JSON array. All three are streamed.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { type Readable, Transform, type TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import verifier from 'stream-json/utils/verifier.js';
import { givenTwice, repeatedKey } from '../domain/repeated-keys.js';
import { unneutralised } from '../listing/export.js';
import { decodedStream, detectEncoding, type FileEncoding } from './encoding.js';
import { ImportFileError } from './file-error.js';

export type ImportFormat = 'csv' | 'json' | 'jsonl';

/**
 * The most a row of an import file may be, in bytes of its UTF-8 text (a CSV record, a JSON line, an element of a
 * JSON array): 1 MiB, the API's body limit (`BODY_LIMIT_BYTES`' default), more than the longest row its rules let
 * pass (50 citations of 5,000-character quotes, notes of 5,000…). A longer row is refused at its line as it is read,
 * never held whole (a cell of 80 MB): memory stays flat whatever the file holds.
 */
export const maxRowBytes = 1_048_576;

/** Why a row longer than `maxRowBytes` is refused: its `row` error. */
export const rowTooLong = `is longer than ${maxRowBytes.toLocaleString('en-US')} bytes (1 MiB), the most a row may be`;

export interface SourceRow {
  /**
   * Line of the file where the row starts (the header is line 1 in CSV; in a JSON array, the line of the element's
   * first character, its `{`).
   */
  line: number;
  /** The row's fields; null when the line could not be read (see `error`). */
  record: Record<string, unknown> | null;
  error?: string;
  /** What `error` is about, when a field of the row (a key given twice: its path); the row as a whole by default. */
  errorField?: string;
  /** The row as written in the file, to copy rejected rows out; '' for a row too long to hold (`rowTooLong`). */
  raw: string;
}

/**
 * A row's fields as a record without a prototype: a column named `constructor`, `toString` or `__proto__` is a field
 * of the row like any other, never found on (or setting) Object.prototype. Every row the readers give is one.
 */
export function ownRecord(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  const record = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of entries) record[key] = value;
  return record;
}

export function formatOf(file: string): ImportFormat | null {
  const ext = path.extname(file).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : ext === '.json' ? 'json' : null;
}

export { ImportFileError };

/** How a CSV file is written: its encoding, its separator and its header row (its column names). */
export interface CsvLayout {
  encoding: FileEncoding;
  delimiter: ';' | ',' | '\t';
  columns: string[];
}

/** The first line of a decoded stream, or its first `maxRowBytes` characters when it is longer. */
async function firstLineOf(input: Readable): Promise<string> {
  try {
    for await (const line of boundedLines(input)) return line ?? '';
    return '';
  } finally {
    input.destroy();
  }
}

/**
 * The lines of a decoded text (broken at LF, CR LF or a lone CR, as node:readline breaks them), each as it is, or
 * null for a line longer than `maxRowBytes` bytes of UTF-8, whose text is dropped as it is read: memory holds one
 * line of at most that, whatever the file holds. An empty last line (the text ends with a line break) is none.
 */
export async function* boundedLines(input: AsyncIterable<string | Buffer>): AsyncGenerator<string | null> {
  let parts: string[] = [];
  let bytes = 0;
  let long = false;
  let started = false;
  // The text ended with a CR: an LF starting the next chunk ends no other line.
  let cr = false;
  const take = (piece: string) => {
    started = true;
    if (long || !piece) return;
    bytes += Buffer.byteLength(piece);
    if (bytes > maxRowBytes) {
      long = true;
      parts = [];
    } else parts.push(piece);
  };
  const line = () => {
    const text = long ? null : parts.join('');
    parts = [];
    bytes = 0;
    long = false;
    started = false;
    return text;
  };
  const breaks = /\r\n?|\n/g;
  for await (const chunk of input) {
    const text = String(chunk);
    let from: number = cr && text.startsWith('\n') ? 1 : 0;
    cr = false;
    breaks.lastIndex = from;
    for (let hit = breaks.exec(text); hit; hit = breaks.exec(text)) {
      take(text.slice(from, hit.index));
      yield line();
      from = breaks.lastIndex;
      cr = from === text.length && hit[0] === '\r';
    }
    take(text.slice(from));
  }
  if (started && (long || parts.some((p) => p))) yield line();
}

/** Line breaks inside a cell (a quoted cell may hold several). */
const lineBreaks = (text: string) => text.match(/\r\n|\r|\n/g)?.length ?? 0;

/**
 * Text with each CR LF written LF, a lone CR kept (a CR LF split between two chunks included). csv-parse counts a
 * CR LF inside a quoted cell as two lines, so that the line of a fault it met (a stray double quote) came one line
 * late per CR LF of the cells before it (verify32 fault 06); a CR LF is a line break kept as LF anyway (domain/text.ts).
 */
function crlfAsLf(): Transform {
  let cr = false;
  return new Transform({
    objectMode: true,
    transform(chunk: string | Buffer, _encoding, done) {
      let text = `${cr ? '\r' : ''}${String(chunk)}`;
      cr = text.endsWith('\r');
      if (cr) text = text.slice(0, -1);
      if (text) this.push(text.replaceAll('\r\n', '\n'));
      done();
    },
    flush(done) {
      done(null, cr ? '\r' : undefined);
    },
  });
}

const quoteCode = 0x22;
const lfCode = 0x0a;
const crCode = 0x0d;

/**
 * CSV text passed on record by record (records cut as csv-parse cuts them: at a line break outside quotes, a cell
 * quoted when its first character is a double quote, a doubled quote inside it), each record longer than
 * `maxRowBytes` bytes of UTF-8 replaced as it is read by one cell that says so (`isTooLong`), holding as many line
 * breaks as the record did, so that the lines of the rows after it stay right: such a row is refused at its line
 * and the file read on (csv-parse's own `max_record_size` cannot skip a record: its `skip_records_with_error` drops
 * the rest of the chunk with it). Memory holds the record under way, at most that long. A record with a quote inside
 * an unquoted cell, which csv-parse refuses at that quote, is passed on as it is, for csv-parse to refuse.
 */
class BoundedRecords extends Transform {
  /** Starts the cell standing for a record too long: no file can guess it. */
  private readonly marker = `\u0000${randomBytes(12).toString('hex')}`;
  private readonly delimiter: number;
  /** The record under way, as read in earlier chunks (not yet passed on), and its bytes so far. */
  private held: string[] = [];
  private bytes = 0;
  private quoted = false;
  /** A quote was met inside a quoted cell: it closes the cell unless the next character is a quote too. */
  private closing = false;
  /** The last character of the text before this chunk (a line break at the start). */
  private last = lfCode;
  /** The record under way is too long: its text is dropped, its line breaks counted. */
  private dropping = false;
  private breaks = 0;
  /** The record under way has a quote inside an unquoted cell: passed on as it comes, for csv-parse to refuse. */
  private stray = false;
  /** The line of the text read so far, and the one the record under way starts at. */
  private line = 1;
  recordLine = 1;

  constructor(delimiter: string) {
    super({ objectMode: true });
    this.delimiter = delimiter.charCodeAt(0);
  }

  /**
   * How many line breaks the record too long `cells` stands for held (a record csv-parse gave), or null when it is
   * a record of the file.
   */
  breaksOfTooLong(cells: readonly string[]): number | null {
    return cells.length === 1 && cells[0]!.startsWith(this.marker) ? Number(cells[0]!.slice(this.marker.length)) : null;
  }

  /**
   * The cell standing for a record too long: its line breaks counted in digits, not written (a cell of millions of
   * short lines would be as long as their breaks, more than csv-parse takes).
   */
  private stand(): string {
    return `"${this.marker}${this.breaks}"`;
  }

  override _transform(chunk: string | Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const text = String(chunk);
    const out: string[] = [];
    // The start of this chunk's text of the record under way.
    let from = 0;
    let i = 0;
    if (this.closing && text.length) {
      // The quote that ended the last chunk: doubled, or the end of its cell.
      this.closing = false;
      if (text.charCodeAt(0) === quoteCode) i = 1;
      else this.cellClosed(text.charCodeAt(0));
    }
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== quoteCode && c !== lfCode && c !== crCode && c !== this.delimiter) continue;
      if (this.quoted) {
        if (c !== quoteCode) {
          if (c !== this.delimiter) {
            this.breaks++;
            this.line++;
          }
          continue;
        }
        if (i + 1 === text.length) this.closing = true;
        else if (text.charCodeAt(i + 1) === quoteCode) i++;
        else this.cellClosed(text.charCodeAt(i + 1));
        continue;
      }
      const previous = i > 0 ? text.charCodeAt(i - 1) : this.last;
      if (c === quoteCode) {
        if (previous === this.delimiter || previous === lfCode || previous === crCode) this.quoted = true;
        else this.stray = true;
        continue;
      }
      if (c === this.delimiter) continue;
      // A line break outside quotes: the record ends with it.
      if (!this.dropping && !this.stray) {
        this.bytes += Buffer.byteLength(text.slice(from, i));
        if (this.bytes > maxRowBytes) this.dropping = true;
      }
      if (this.dropping) out.push(this.stand(), text[i]!);
      else out.push(...this.held, text.slice(from, i + 1));
      this.held = [];
      this.bytes = 0;
      this.breaks = 0;
      this.dropping = false;
      this.stray = false;
      from = i + 1;
      this.recordLine = ++this.line;
    }
    this.last = text.length ? text.charCodeAt(text.length - 1) : this.last;
    const rest = text.slice(from);
    if (this.stray) {
      out.push(...this.held, rest);
      this.held = [];
    } else if (!this.dropping && rest) {
      this.bytes += Buffer.byteLength(rest);
      if (this.bytes > maxRowBytes) {
        this.dropping = true;
        this.held = [];
      } else this.held.push(rest);
    }
    done(null, out.length ? out.join('') : undefined);
  }

  /** A quoted cell ends, `next` the character after its closing quote: text there is csv-parse's to refuse. */
  private cellClosed(next: number): void {
    this.quoted = false;
    if (next !== this.delimiter && next !== lfCode && next !== crCode) this.stray = true;
  }

  override _flush(done: TransformCallback): void {
    if (this.closing) this.quoted = false;
    // A record too long still inside its quoted cell at the end: its quote never closed, as csv-parse says (at the
    // line the record starts, `recordLine`).
    if (this.dropping) done(null, this.quoted ? '"' : this.stand());
    else done(null, this.held.length ? this.held.join('') : undefined);
  }
}

/** One CSV record, parsed: its cells and the line where it starts; `long`: too long, its cells dropped. */
async function* csvRecords(file: string, layout: Pick<CsvLayout, 'encoding' | 'delimiter'> & { columns?: string[] }) {
  // Empty lines come as records of one empty cell, so that every record ends one line: counting the
  // line breaks of each record's cells gives the line where the next one starts (cells may span lines).
  const decoded = decodedStream(file, layout.encoding);
  const bounded = new BoundedRecords(layout.delimiter);
  const text = decoded.pipe(crlfAsLf()).pipe(bounded);
  decoded.once('error', (error) => text.destroy(error));
  // csv-parse's own bound stays, for a record `BoundedRecords` could not cut (a quote inside an unquoted cell, which
  // csv-parse refuses anyway): the file is then refused at that row's line.
  const parser = text.pipe(
    parse({
      delimiter: layout.delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      max_record_size: maxRowBytes,
    }),
  );
  text.once('error', (error) => parser.destroy(error));
  let line = 1;
  // The columns' names, to name a cell csv-parse refuses (the header row read as the first record when not given).
  let header = layout.columns;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      const breaks = bounded.breaksOfTooLong(cells);
      const long = breaks !== null;
      if (!long) header ??= cells.map((c) => c.trim());
      yield { line, cells: long ? [] : cells, long };
      line += 1 + (breaks ?? cells.reduce((n, cell) => n + lineBreaks(cell), 0));
    }
  } catch (error) {
    const refusal = csvRefusal(error, header);
    if (!refusal) throw new ImportFileError(`${file}: ${(error as Error).message}`);
    // A quoted cell never closed is told at the line its row starts (the record `BoundedRecords` was reading when the
    // text ended: csv-parse's last records may not have come out before its error); the other faults where
    // csv-parse met them.
    const unclosed = (error as { code?: unknown }).code === 'CSV_QUOTE_NOT_CLOSED';
    const at = refusal.line ?? (unclosed ? bounded.recordLine : line);
    throw new ImportFileError(`${file}: line ${at}${refusal.column ? `, ${refusal.column}` : ''}: ${refusal.what}`);
  } finally {
    // Also when the reader stops early (the header only): the file is closed.
    text.destroy();
    decoded.destroy();
  }
}

/** csv-parse's refusal of a file, in words: where (its line, its column) and what is wrong. */
export interface CsvRefusal {
  /** The line of the file where csv-parse met the fault (lines of the text it was given); null when it gives none. */
  line: number | null;
  /** « column 6 (structure) »: the cell's place, with the header's name for it when known; null when unknown. */
  column: string | null;
  /** What is wrong and how to write it right, in words. */
  what: string;
}

/**
 * What csv-parse's error `error` says, in the words the importers use (`import/`, `open-data/`: Sirene, BODACC, the
 * practitioners' CSV): « line 2, column 6 (structure): a double quote inside a cell that does not start with one
 * (after '=HYPERLINK('): a cell holding quotes must be enclosed in double quotes, its own quotes doubled ». `header`:
 * the file's column names, to name the column. Null when `error` is not csv-parse's.
 */
export function csvRefusal(error: unknown, header?: readonly string[]): CsvRefusal | null {
  const e = error as Error & { code?: unknown; lines?: unknown; column?: unknown; field?: unknown };
  if (!(error instanceof Error) || typeof e.code !== 'string' || !(e.code.startsWith('CSV_') || /QUOTE/.test(e.code)))
    return null;
  const line = typeof e.lines === 'number' ? e.lines : null;
  const index = typeof e.column === 'number' ? e.column : null;
  const name = index !== null ? header?.[index] : undefined;
  const column = index === null ? null : `column ${index + 1}${name ? ` (${name})` : ''}`;
  const before = e.field
    ? String(e.field as unknown)
        .trim()
        .slice(-40)
    : '';
  const enclose = 'a cell holding quotes must be enclosed in double quotes, its own quotes doubled';
  switch (e.code) {
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_OPENING_QUOTE':
      return {
        line,
        column,
        what: `a double quote inside a cell that does not start with one${before ? ` (after '${before}')` : ''}: ${enclose}`,
      };
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return { line, column, what: `a quoted cell goes on after its closing quote: ${enclose}` };
    case 'CSV_QUOTE_NOT_CLOSED':
      return { line: null, column: null, what: 'a quoted cell starting in this row is never closed (truncated file?)' };
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS': {
      const [, expected, got] = e.message.match(/expect (\d+), got (\d+)/) ?? [];
      const what = got ? `has ${got} cells where the header names ${expected} columns` : 'has another number of cells';
      return { line, column: null, what: `a row ${what}` };
    }
    case 'CSV_MAX_RECORD_SIZE':
      // Told at the line its row starts: csv-parse's may be a line inside one of its cells.
      return { line: null, column: null, what: `the row ${rowTooLong}` };
    default:
      return { line, column, what: e.message.replace(/ (at|on) line \d+.*$/, '') };
  }
}

/**
 * How `file` is written: its encoding (see encoding.ts), its separator (the
 * one of `;`, `,` or tab its header line holds most of) and its columns
 * (trimmed; empty names after the last column, from trailing separators,
 * dropped). An empty column name elsewhere, or a repeated one, is refused.
 */
export async function csvLayout(file: string): Promise<CsvLayout> {
  const encoding = await detectEncoding(file);
  const header = await firstLineOf(decodedStream(file, encoding));
  const counts = ([';', ',', '\t'] as const).map((d) => [d, header.split(d).length] as const);
  const delimiter = counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
  let columns: string[] = [];
  // The header line cut at its separators names the columns of a fault csv-parse meets before giving the first row.
  const named = header.split(delimiter).map((c) => c.trim());
  for await (const { cells, long } of csvRecords(file, { encoding, delimiter, columns: named })) {
    if (long) throw new ImportFileError(`${file}: line 1: the header row ${rowTooLong}`);
    columns = cells.map((c) => c.trim());
    break;
  }
  while (columns.length && !columns.at(-1)) columns.pop();
  if (!columns.length) throw new ImportFileError(`${file}: the first line must name the columns`);
  const blank = columns.indexOf('');
  if (blank >= 0) throw new ImportFileError(`${file}: column ${blank + 1} of the header row has no name`);
  const repeated = columns.find((c, i) => columns.indexOf(c) !== i);
  if (repeated) throw new ImportFileError(`${file}: the header row names the column '${repeated}' twice`);
  return { encoding, delimiter, columns };
}

/** Cells written back as one CSV line with the file's separator (the rejected rows' file). */
export function csvText(cells: string[], delimiter: string): string {
  return cells
    .map((c) => (c.includes(delimiter) || /["\r\n]/.test(c) || c !== c.trim() ? `"${c.replace(/"/g, '""')}"` : c))
    .join(delimiter);
}

/**
 * The rows of a CSV file of `layout`, each a record of its columns: empty
 * cells are null, and the apostrophe the export puts before formula-like text
 * is removed (`'+Contact Amiens` → `+Contact Amiens`). Lines of separators
 * only (`;;;;`) and empty lines are skipped; empty cells after the last column
 * (trailing separators) are tolerated. Every row has a cell for each column: a row with fewer (a file cut in the
 * middle of its last row, a copy cut short) is an error of its line, never read as empty cells, and so is a row
 * with text beyond the last column. `line` is the line where the row starts.
 */
async function* csvRows(file: string, layout: CsvLayout): AsyncGenerator<SourceRow> {
  const { columns, delimiter } = layout;
  let header = true;
  for await (const { line, cells, long } of csvRecords(file, layout)) {
    if (header) {
      header = false;
      continue;
    }
    if (long) {
      yield { line, record: null, error: rowTooLong, raw: '' };
      continue;
    }
    if (cells.every((c) => !c.trim())) continue;
    const raw = csvText(cells, delimiter);
    const used = cells.findLastIndex((c) => c.trim()) + 1;
    if (used > columns.length) {
      const error = `has ${used} cells where the header names ${columns.length} columns`;
      yield { line, record: null, error, raw };
      continue;
    }
    if (cells.length < columns.length) {
      const error = `is cut short: it has ${cells.length} cells where the header names ${columns.length} columns`;
      yield { line, record: null, error, raw };
      continue;
    }
    const record = ownRecord(columns.map((c, i) => [c, cells[i] ? unneutralised(cells[i]) : null]));
    yield { line, record, raw };
  }
}

/**
 * The rows of an import file, with the line each starts at (in a JSON array, the line of the element's `{`, not its
 * position: `ElementLines`): a row that cannot be read (a CSV row cut short or too long, see csvRows; a JSON line
 * that does not parse, with its column, see `jsonLineError`) is an error of its line; a file that cannot be read on
 * (a quoted cell never closed, a JSON array that does not parse or ends too soon, see `jsonArrayFault`) throws
 * ImportFileError naming its line. Every format is decoded from its encoding (told
 * from the bytes when not given; a byte-order mark dropped): JSON written by
 * a Windows tool in Windows-1252 reads right too.
 */
export async function* readRows(
  file: string,
  format: ImportFormat,
  given: {
    layout?: CsvLayout | undefined;
    encoding?: FileEncoding | undefined;
    jsonPlaces?: JsonArrayPlaces | undefined;
  } = {},
): AsyncGenerator<SourceRow> {
  if (format === 'csv') {
    yield* csvRows(file, given.layout ?? (await csvLayout(file)));
    return;
  }
  const encoding = given.encoding ?? (await detectEncoding(file));
  if (format === 'jsonl') {
    let line = 0;
    for await (const text of boundedLines(decodedStream(file, encoding))) {
      line++;
      if (text === null) {
        yield { line, record: null, error: rowTooLong, raw: '' };
        continue;
      }
      if (!text.trim()) continue;
      try {
        const record = JSON.parse(text) as unknown;
        const twice = repeatedKey(text);
        if (!record || typeof record !== 'object' || Array.isArray(record))
          yield { line, record: null, error: 'is not a JSON object', raw: text };
        else if (twice !== null) yield { line, record: null, error: givenTwice, errorField: twice, raw: text };
        else yield { line, record: ownRecord(Object.entries(record)), raw: text };
      } catch (error) {
        yield { line, record: null, error: jsonLineError(text, error as Error), raw: text };
      }
    }
    return;
  }
  // A JSON array is streamed element by element (stream-json): memory holds one row, whatever the file's size. The
  // text goes through `ElementLines` on its way, which notes the line each element starts at, in the same order: the
  // row's place when every element starts on a line of its own (`jsonArrayPlaces`), else its position.
  const byLine = (given.jsonPlaces ?? (await jsonArrayPlaces(file, encoding))) === 'line';
  const starts = new ElementLines();
  const elements = decodedStream(file, encoding).pipe(starts).pipe(streamArray.withParserAsStream());
  starts.once('error', (error) => elements.destroy(error));
  try {
    for await (const { key, value: record } of elements as AsyncIterable<{ key: number; value: unknown }>) {
      const at = starts.next();
      const twice = starts.repeated();
      const line = byLine ? Math.abs(at) : key + 1;
      // An element too long came as null, its text dropped (`ElementLines`).
      if (at < 0) {
        yield { line, record: null, error: rowTooLong, raw: '' };
        continue;
      }
      const raw = jsonText(record);
      if (!record || typeof record !== 'object' || Array.isArray(record))
        yield { line, record: null, error: 'is not a JSON object', raw };
      else if (twice !== null) yield { line, record: null, error: givenTwice, errorField: twice, raw };
      else yield { line, record: ownRecord(Object.entries(record)), raw };
    }
  } catch (error) {
    const message = (error as Error).message;
    if (/top-level object should be an array/i.test(message))
      throw new ImportFileError(`${file} must hold a JSON array of rows`);
    // An element over the bound that the file ends inside: at the line it starts, as a CSV quoted cell never closed.
    if (starts.unclosed !== null) throw new ImportFileError(`${file}: line ${starts.unclosed}: ${unclosedElement}`);
    throw await jsonArrayFault(file, encoding, message);
  } finally {
    elements.destroy();
  }
}

/** Why a JSON array is refused whose element, longer than `maxRowBytes`, the file ends inside (at its line). */
export const unclosedElement = 'an element of the JSON array starting on this line is never closed (truncated file?)';

/** Text written as it is by `jsonText`. */
class Written {
  constructor(readonly text: string) {}
}

/**
 * The JSON text of a value read from JSON (null, booleans, numbers, strings, arrays and objects of them): as
 * `JSON.stringify` writes it, and, for a value nested deeper than its recursion reaches (« Maximum call stack size
 * exceeded », a few thousand levels: a cell `[[[…]]]` 100,000 deep, verify32 fault 07), as the same text written
 * with a stack of its own, so that such a row is read and refused at its line as any other (`notes: must be text,
 * not a list`), never the whole file called « not valid JSON ».
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  const out: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length) {
    const item = stack.pop();
    if (item instanceof Written) out.push(item.text);
    else if (Array.isArray(item)) {
      stack.push(new Written(']'));
      for (let i = item.length - 1; i >= 0; i--) stack.push(item[i], ...(i ? [new Written(',')] : []));
      stack.push(new Written('['));
    } else if (item && typeof item === 'object') {
      const entries = Object.entries(item);
      stack.push(new Written('}'));
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, member] = entries[i]!;
        stack.push(member, new Written(`${i ? ',' : ''}${JSON.stringify(key)}:`));
      }
      stack.push(new Written('{'));
    } else out.push(JSON.stringify(item) ?? 'null');
  }
  return out.join('');
}

/** How the rows of a JSON array are named: by the line where each starts, or by their position (`row 2`). */
export type JsonArrayPlaces = 'line' | 'row';

/**
 * How the rows of the JSON array of `file` are named: by the line where each starts (`line`) when every element
 * starts on a line of its own (an array as an editor or `JSON.stringify(rows, null, 2)` writes it), else (a minified
 * array, several elements on one line: a line would not tell them apart) by their position in the array (`row`).
 * Reads the text once before its rows are (memory stays flat); a text that is not valid JSON is the parser's to refuse.
 */
export async function jsonArrayPlaces(file: string, encoding: FileEncoding): Promise<JsonArrayPlaces> {
  const starts = new ElementLines();
  let last = 0;
  let ownLines = true;
  const text = decodedStream(file, encoding);
  starts.onStart = (line) => {
    if (line <= last) {
      ownLines = false;
      text.destroy();
    }
    last = line;
  };
  try {
    await pipeline(text, starts, new Writable({ objectMode: true, write: (_chunk, _encoding, done) => done() }));
  } catch {
    // Destroyed once the answer is known, or a file the parser will refuse with its place.
  }
  return ownLines ? 'line' : 'row';
}

/**
 * How a report names a row by its key (`SourceRow.line`): « line 12 » (a CSV or JSON lines file, a JSON array whose
 * elements start on lines of their own), or « row 3 (line 1) » in a JSON array whose elements share lines, where the
 * key is the row's position in the array (`jsonArrayPlaces`), followed by the line it starts on.
 */
export type RowPlace = (row: number) => string;

/** A row named by the line where it starts: « line 12 ». */
export const rowByLine: RowPlace = (line) => `line ${line}`;

/**
 * How the rows of the JSON array of `file` are named (`RowPlace`), with its `JsonArrayPlaces`: by line when every
 * element starts on a line of its own, else by position and line (« row 3 (line 1) »). Reads the text once, holding
 * a number for each line where elements start, not one per row.
 */
export async function jsonRowPlaces(
  file: string,
  encoding: FileEncoding,
): Promise<{ places: JsonArrayPlaces; place: RowPlace }> {
  const starts = new ElementLines();
  // The first row starting on each line: rows `firstRows[i]` to `firstRows[i + 1] - 1` start on line `lines[i]`.
  const firstRows: number[] = [];
  const lines: number[] = [];
  let row = 0;
  let ownLines = true;
  starts.onStart = (line) => {
    row++;
    if (lines.length && line <= lines.at(-1)!) ownLines = false;
    else {
      firstRows.push(row);
      lines.push(line);
    }
  };
  try {
    await pipeline(
      decodedStream(file, encoding),
      starts,
      new Writable({ objectMode: true, write: (_chunk, _encoding, done) => done() }),
    );
  } catch {
    // A file the parser will refuse with its place.
  }
  if (ownLines) return { places: 'line', place: rowByLine };
  const place: RowPlace = (n) => {
    let low = 0;
    let high = firstRows.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (firstRows[middle]! <= n) low = middle;
      else high = middle - 1;
    }
    return lines.length ? `row ${n} (line ${lines[low]})` : `row ${n}`;
  };
  return { places: 'row', place };
}

/** How many bytes of UTF-8 the UTF-16 code unit `c` makes (half a surrogate pair: 2, the pair 4). */
const utf8Bytes = (c: number) => (c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3);

/**
 * The text of a JSON array passed on as it is, noting the line where each of its elements starts (the line of an
 * object's `{`, of a string's opening quote, of a number's first digit), in order: `next()` gives the line of the
 * next element stream-json yields, so that a row of a JSON array is named by its line as a CSV or JSON lines row is.
 * An element longer than `maxRowBytes` bytes of UTF-8 is passed on as `null`, its text dropped as it is read, and its
 * line given negative (`-3`): refused at its line, never held whole. Follows the JSON's nesting and strings only (what
 * is not valid JSON is the parser's to refuse); holds the element under way (at most that long) and the lines of the
 * elements the parser has not yet yielded, a chunk's worth at most.
 */
class ElementLines extends Transform {
  /** Told the line of each element as it is met, when given (then `next` gives nothing). */
  onStart: ((line: number) => void) | null = null;
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** At the top level of the array, before an element (after `[` or a `,`). */
  private awaiting = false;
  private readonly lines: number[] = [];
  /** The key each element names twice (`repeatedKey`), or null, in the order of the array. */
  private readonly repeats: (string | null)[] = [];
  private repeatsTaken = 0;
  private taken = 0;
  /** Inside an element: its text read in earlier chunks, not yet passed on, and its bytes so far. */
  private inElement = false;
  private held: string[] = [];
  private bytes = 0;
  /** The element under way is too long: its text is dropped. */
  private dropping = false;
  /** The line the element under way starts at. */
  private start = 0;
  /**
   * The line of an element too long (its text dropped) that the text ends inside: never closed, told at the line it
   * starts (the parser, given none of its text, could only name the text's end); null otherwise.
   */
  unclosed: number | null = null;

  constructor() {
    // Strings in, the same strings out (the decoded text, as the `counted` pass of jsonArrayFault takes it).
    super({ objectMode: true });
  }

  override _transform(chunk: string | Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    const out: string[] = [];
    // Where this chunk's text not yet passed on (or held, or dropped) starts.
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (this.inElement && !this.dropping) {
        this.bytes += utf8Bytes(text.charCodeAt(i));
        if (this.bytes > maxRowBytes) {
          this.dropping = true;
          this.held = [];
          if (!this.onStart) this.lines[this.lines.length - 1]! *= -1;
        }
      }
      if (c === '\n') this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
      if (this.awaiting && this.depth === 1 && c !== ']' && c !== ',') {
        if (this.onStart) this.onStart(this.line);
        else this.lines.push(this.line);
        this.awaiting = false;
        out.push(text.slice(from, i));
        from = i;
        this.inElement = true;
        this.start = this.line;
        this.bytes = utf8Bytes(text.charCodeAt(i));
      }
      if (this.inElement && this.depth === 1 && (c === ',' || c === ']')) {
        if (!this.onStart)
          this.repeats.push(this.dropping ? null : repeatedKey([...this.held, text.slice(from, i)].join('')));
        out.push(...(this.dropping ? ['null'] : [...this.held, text.slice(from, i)]));
        from = i;
        this.held = [];
        this.inElement = false;
        this.dropping = false;
      }
      if (c === '"') this.inString = true;
      else if (c === '{' || c === '[') {
        this.depth++;
        if (this.depth === 1) this.awaiting = true;
      } else if (c === '}' || c === ']') this.depth--;
      else if (c === ',' && this.depth === 1) this.awaiting = true;
    }
    if (!this.inElement) out.push(text.slice(from));
    else if (!this.dropping) this.held.push(text.slice(from));
    const passed = out.join('');
    done(null, passed || undefined);
  }

  override _flush(done: TransformCallback): void {
    // The text ends inside an element (a file cut short): what is held goes to the parser, which refuses it; one too
    // long, whose text was dropped, is noted for the refusal to name its line.
    if (this.inElement && this.dropping) this.unclosed = this.start;
    done(null, !this.dropping && this.held.length ? this.held.join('') : undefined);
  }

  /** The key the element `next` gave last names twice (`repeatedKey`), or null. */
  repeated(): string | null {
    const key = this.repeats[this.repeatsTaken++] ?? null;
    if (this.repeatsTaken > 1024) {
      this.repeats.splice(0, this.repeatsTaken);
      this.repeatsTaken = 0;
    }
    return key;
  }

  /** The line of the next element, in the order of the array; negative for an element too long (passed on null). */
  next(): number {
    const line = this.lines[this.taken++] ?? 0;
    if (this.taken > 1024) {
      this.lines.splice(0, this.taken);
      this.taken = 0;
    }
    return line;
  }
}

/**
 * Why JSON.parse refused `text`, one line of a JSON lines file, with the column where it breaks (V8 gives the
 * position in the line): « is not valid JSON at column 15 (Expected double-quoted property name) », and a line that
 * ends before its object does (the last line of a file cut short) said so.
 */
function jsonLineError(text: string, error: Error): string {
  const [, what, at] = error.message.match(/^(.*?) in JSON at position (\d+)/s) ?? [];
  const position = at === undefined ? null : Number(at);
  if (/^Unexpected end of JSON input/.test(error.message) || (position !== null && position >= text.trimEnd().length))
    return 'is cut short: the line ends before its JSON object does (truncated file?)';
  if (position === null) return `is not valid JSON (${error.message})`;
  return `is not valid JSON at column ${position + 1} (${what})`;
}

/** The beginnings of a JSON token a cut can leave at the end of a text: an escape, or a literal, unfinished. */
const cutToken = /^(\\(u[0-9A-Fa-f]{0,3})?|t(r(u)?)?|f(a(l(s)?)?)?|n(u(l)?)?)$/;
const cutTokenLength = 6;

/**
 * The refusal of a JSON array stream-json's parser could not read (its message `message` names no place), at the
 * line and column where the text breaks: stream-json's verifier, run on the decoded text again, gives them (memory
 * stays flat). A text that ends before the array does (a download cut short) is said so, at its end; an empty one too.
 */
async function jsonArrayFault(file: string, encoding: FileEncoding, message: string): Promise<ImportFileError> {
  let length = 0;
  let blank = true;
  // The text's end: its line and column (as the verifier counts them), and its last characters.
  let endLine = 1;
  let endColumn = 1;
  let tail = '';
  const counted = new Transform({
    objectMode: true,
    transform(chunk: string, _encoding, done) {
      length += chunk.length;
      blank &&= !chunk.trim();
      const newlines = chunk.split('\n');
      endLine += newlines.length - 1;
      endColumn = newlines.length > 1 ? (newlines.at(-1)?.length ?? 0) + 1 : endColumn + chunk.length;
      tail = (tail + chunk).slice(-cutTokenLength);
      done(null, chunk);
    },
  });
  try {
    await pipeline(decodedStream(file, encoding), counted, verifier.asStream());
  } catch (error) {
    const { line, pos, offset } = error as { line?: unknown; pos?: unknown; offset?: unknown };
    if (typeof line === 'number' && typeof pos === 'number' && typeof offset === 'number') {
      if (blank) return new ImportFileError(`${file} is empty: it must hold a JSON array of rows`);
      // The verifier stops at the start of the token it could not finish: the end of the text, or a token the cut
      // left unfinished (after a backslash, inside `\u00e9`, `tr` of `true`), then said truncated as well.
      if (offset === length || (length - offset <= cutTokenLength && cutToken.test(tail.slice(offset - length)))) {
        return new ImportFileError(
          `${file}: line ${endLine}, column ${endColumn}: the file ends inside its JSON array (truncated file?)`,
        );
      }
      const what = (error as Error).message.replace(/^ERROR at .*?: Verifier (cannot parse input: |has )?/, '');
      return new ImportFileError(`${file}: line ${line}, column ${pos}: not valid JSON: ${what}`);
    }
  }
  return new ImportFileError(`${file} is not valid JSON: ${message}`);
}
