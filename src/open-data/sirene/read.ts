// Reading INSEE's Sirene files as they are published: comma-separated UTF-8
// CSV with a header row, plain or inside a ZIP (read as a stream, never
// unpacked), columns found by their header name. Rows are filtered inside the
// CSV parser (`on_record`), before any object is built for them: only the few
// rows kept leave it, so memory stays flat over the 44 million rows of the
// establishments' stock.

import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import { type Options, type Parser, parse } from 'csv-parse';
import { parse as parseLine } from 'csv-parse/sync';
import yauzl from 'yauzl';
import { csvRefusal } from '../../import/read.js';

/** A Sirene file that cannot be read as published: what is wrong, and where (its line, when known). */
export class SireneFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    reason: string,
  ) {
    super(`${path.basename(file)}${line === null ? '' : `, line ${line}`}: ${reason}`);
  }
}

/**
 * The most bytes a record of a Sirene file may have: 16 MiB. A Sirene row is a few hundred bytes, and a cell longer
 * than any column (300 characters) is refused at its line and column, its row left out (open-data/sirene/check.ts);
 * a record longer than this is refused with the file, at its line, rather than held whole (a cell of 80 MB).
 */
export const maxSireneRowBytes = 16 * 1024 * 1024;

/** The refusal of a record longer than `maxSireneRowBytes`. */
export const sireneRowTooLong = 'the row is longer than 16,777,216 bytes (16 MiB), more than any Sirene row can be';

/** A row kept: the line it starts at (the header is line 1) and its cells by column name (empty cells null). */
export interface SireneRow {
  line: number;
  values: Record<string, string | null>;
}

/**
 * Which rows to keep: those whose `column` holds one of `values`, a Set or the keys of a Map (the import's maps by
 * SIREN or SIRET serve as they are, not copied into a set of their own).
 */
export interface RowFilter {
  column: string;
  values: Pick<ReadonlyMap<string, unknown>, 'has' | 'size' | 'keys'>;
  /**
   * Rows kept too whatever `column` holds: those whose `or.column` holds one of `or.values` (the SIRETs of the sites
   * a newer stock may move out of the NAF codes asked). Looked up in each record's bytes, a cell's worth.
   */
  or?: { column: string; values: ReadonlySet<string> } | undefined;
}

export interface ReadOptions {
  /** Columns the file must have: a missing one is an error naming it. */
  required: readonly string[];
  /** Columns to give of each row kept (others are not copied). */
  wanted: readonly string[];
  filter: RowFilter;
  /** Cell separator: `,` for the stocks, `;` for the geolocation file. */
  delimiter?: ',' | ';';
}

/** What a scan saw: every data row, and how many were kept. */
export interface ScanCounts {
  rows: number;
  kept: number;
}

/**
 * The bytes of a CSV file, or of the one `.csv` entry of a ZIP, as a stream. A ZIP holding no `.csv` file, or
 * several (which one is the stock?), is refused naming them.
 */
async function openBytes(file: string): Promise<Readable> {
  if (!file.toLowerCase().endsWith('.zip')) return createReadStream(file);
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, opened) =>
      error ? reject(new SireneFileError(file, null, `not a readable ZIP file (${error.message})`)) : resolve(opened),
    ),
  );
  // The central directory is listed first (it is at the end of the ZIP: nothing is decompressed for it).
  const entries: yauzl.Entry[] = [];
  return new Promise<Readable>((resolve, reject) => {
    const refuse = (reason: string) => {
      zip.close();
      reject(new SireneFileError(file, null, reason));
    };
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.toLowerCase().endsWith('.csv')) entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => {
      if (entries.length === 0) return refuse('the ZIP file holds no .csv file');
      if (entries.length > 1) {
        const names = entries.map((e) => e.fileName).join(', ');
        return refuse(`the ZIP file holds ${entries.length} .csv files (${names}): give the stock alone`);
      }
      const entry = entries[0]!;
      zip.openReadStream(entry, (error, stream) => {
        if (error) return refuse(`cannot read ${entry.fileName} (${error.message})`);
        stream.on('close', () => zip.close());
        // zlib's or yauzl's words alone (« invalid distance too far back ») do not say which file, nor that it is
        // the ZIP that is damaged.
        const bytes = new CheckedEntry(file, entry);
        stream.on('error', (cause: Error) => bytes.destroy(new SireneFileError(file, null, damagedZip(entry, cause))));
        bytes.on('close', () => stream.destroy());
        resolve(stream.pipe(bytes));
      });
    });
    zip.on('error', (error: Error) => refuse(`broken ZIP file (${error.message})`));
    zip.readEntry();
  });
}

/** What is said of a ZIP whose entry does not decompress (a damaged or cut file), with the library's words. */
function damagedZip(entry: yauzl.Entry, cause: Error): string {
  return `a damaged ZIP file: ${entry.fileName} does not decompress (${cause.message})`;
}

/**
 * Passes on the bytes of a ZIP entry and checks them at its end against the CRC-32 and the size its central
 * directory records (yauzl checks the size alone): an entry whose bytes were damaged where they are stored
 * uncompressed (or where the damage still inflates) fails here, its file refused before anything is applied.
 */
class CheckedEntry extends Transform {
  private crc = 0;
  private size = 0;

  constructor(
    private readonly file: string,
    private readonly entry: yauzl.Entry,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    const { entry } = this;
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    const reason =
      this.size !== entry.uncompressedSize
        ? `${this.size} bytes where the ZIP records ${entry.uncompressedSize}`
        : this.crc >>> 0 !== entry.crc32 >>> 0
          ? `its CRC-32 is ${hex(this.crc >>> 0)} where the ZIP records ${hex(entry.crc32 >>> 0)}`
          : null;
    done(reason === null ? null : new SireneFileError(this.file, null, damagedEntry(entry, reason)));
  }
}

/** What is said of a ZIP entry whose bytes are not those the ZIP recorded (`reason`: which check failed). */
function damagedEntry(entry: yauzl.Entry, reason: string): string {
  return `a damaged ZIP file: ${entry.fileName} fails its check (${reason})`;
}

/** The length of `data` up to its last whole UTF-8 character (a character cut by the chunk's end waits). */
function wholeCharacters(data: Buffer): number {
  let i = data.length - 1;
  while (i >= 0 && i >= data.length - 4 && (data[i]! & 0xc0) === 0x80) i--;
  if (i < 0) return data.length;
  const lead = data[i]!;
  const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return data.length - i < size ? i : data.length;
}

/**
 * Where the record under way ends in `data`: the index of the first line feed outside quotes (`open`: a quoted cell
 * is open at its start), or -1; and whether a quoted cell is open at that line feed, or at the end of `data`.
 */
function recordEnd(data: Buffer, open: boolean): { end: number; open: boolean } {
  let quote = data.indexOf(34);
  for (let from = 0; ; ) {
    const end = data.indexOf(10, from);
    const to = end < 0 ? data.length : end;
    while (quote >= 0 && quote < to) {
      open = !open;
      quote = data.indexOf(34, quote + 1);
    }
    if (end < 0 || !open) return { end, open };
    from = end + 1;
  }
}

/** Filters with at most this many values look for them in the bytes first; larger ones parse every row. */
const maxPatterns = 64;

/**
 * Cuts the bytes into CSV records (a quoted cell may span lines) and passes on the header and the records that may
 * be kept: those whose bytes hold one of `patterns` (the filter's values; `null`: every record). The CSV parser
 * then parses those only, and the filter's column decides (and the file's last record, where a file cut short is
 * cut). Checks that the bytes are UTF-8 on the way (simdutf's
 * `isUtf8`, without decoding them: the parser decodes, once): the first byte that is not stops the read with the
 * line it is on. `lines` gets the line each record passed on starts at, in order; `rows` counts the data records.
 */
class RecordFilter extends Transform {
  /** The line the next record starts at. */
  private line = 1;
  /**
   * The record under way, not yet ended at the end of the last chunk: its bytes (in the chunks it came in, joined
   * once it ends, so that a long record is neither copied nor scanned again for each chunk), how many, and whether a
   * quoted cell is open at their end (its quotes, counted).
   */
  private carried: Buffer[] = [];
  private carriedBytes = 0;
  private carriedOpen = false;
  private header = true;
  /** How many separators the header has (-1: it has quotes, every record is parsed). */
  private separators = -1;
  rows = 0;
  readonly lines: number[] = [];

  /** The index of the cell `or` looks at (-1: none, or a header with quotes, whose records are all parsed). */
  private orAt = -1;

  constructor(
    private readonly file: string,
    private readonly patterns: Buffer[] | null,
    private readonly separator: number,
    private readonly or: RowFilter['or'] = undefined,
  ) {
    super();
  }

  /** The text of cell `index` of the record `data[from, to)` (one without quotes), or null when it has fewer. */
  private cellIn(data: Buffer, from: number, to: number, index: number): string | null {
    let start = from;
    for (let n = 0; n < index; n++) {
      const at = data.indexOf(this.separator, start);
      if (at < 0 || at >= to) return null;
      start = at + 1;
    }
    let end = data.indexOf(this.separator, start);
    if (end < 0 || end > to) end = to;
    return data.toString('utf8', start, end).replace(/\r?\n$/, '');
  }

  /** The separators in `data[from, to)` (a record without quotes: its cells, less one). */
  private separatorsIn(data: Buffer, from: number, to: number): number {
    const separator = this.separator;
    let n = 0;
    for (let i = from; i < to; i++) if (data[i] === separator) n++;
    return n;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.carriedBytes) {
      // The record under way goes on: looked for its end in this chunk alone, its quotes counted on.
      const { end, open } = recordEnd(chunk, this.carriedOpen);
      if (end < 0) {
        this.carried.push(chunk);
        this.carriedBytes += chunk.length;
        this.carriedOpen = open;
        // One longer than any row may be (a cell of 80 MB, on one line or many) is refused at its line as it comes.
        done(
          this.carriedBytes > maxSireneRowBytes ? new SireneFileError(this.file, this.line, sireneRowTooLong) : null,
        );
        return;
      }
    }
    const data = this.carriedBytes ? Buffer.concat([...this.carried, chunk]) : chunk;
    this.carried = [];
    this.carriedBytes = 0;
    const whole = wholeCharacters(data);
    const start = this.scan(data.subarray(0, whole), false);
    if (start instanceof SireneFileError) {
      done(start);
      return;
    }
    this.carry(data.subarray(start));
    done();
  }

  /** Keeps `rest`, the start of the record under way (and a character cut by the chunk's end), for the next chunk. */
  private carry(rest: Buffer): void {
    if (!rest.length) return;
    this.carried = [Buffer.from(rest)];
    this.carriedBytes = rest.length;
    this.carriedOpen = recordEnd(rest, false).open;
  }

  override _flush(done: TransformCallback): void {
    const rest = Buffer.concat(this.carried);
    this.carried = [];
    this.carriedBytes = 0;
    const start = rest.length ? this.scan(rest, true) : 0;
    done(start instanceof SireneFileError ? start : undefined);
  }

  /**
   * Scans whole characters, passing on the records to keep; gives where the record left unfinished starts (`last`:
   * there is no next chunk), for the next chunk.
   */
  private scan(data: Buffer, last: boolean): SireneFileError | number {
    if (!isUtf8(data)) {
      // Where the bad byte is: the bytes decoded leniently, up to the first replacement character.
      const lenient = data.toString('utf8');
      const before = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD')));
      const line = this.line + (before.match(/\n/g)?.length ?? 0);
      return new SireneFileError(this.file, line, notUtf8);
    }
    const patterns = this.patterns;
    const hits = patterns?.map((p) => data.indexOf(p)) ?? [];
    let quote = data.indexOf(34);
    // Records passed on, as ranges of `data` (neighbours merged): one push per chunk when every record goes.
    let from = -1;
    let to = -1;
    let start = 0;
    let line = this.line;
    let open = false;
    // Whether the record being cut holds a quote (its cells are then counted by the parser).
    let quoted = false;
    for (let pos = 0; pos < data.length; ) {
      let end = data.indexOf(10, pos);
      if (end < 0) {
        if (!last) break;
        end = data.length - 1;
      }
      while (quote >= 0 && quote <= end) {
        open = !open;
        quoted = true;
        quote = data.indexOf(34, quote + 1);
      }
      line++;
      pos = end + 1;
      if (open) {
        if (pos < data.length || !last) continue;
        return new SireneFileError(this.file, this.line, 'ends inside a quoted cell (truncated file?)');
      }
      // A whole record: [start, pos), from line this.line. A blank line is none.
      const blank = pos - start <= 2 && (data[start] === 10 || data[start] === 13);
      // The file's last record is always parsed: a file cut short is cut in it.
      let keep = !blank && (this.header || patterns === null || (last && pos >= data.length));
      if (blank) {
        // Not a row: nothing to pass on.
      } else if (this.header) {
        this.header = false;
        this.separators = quoted ? -1 : this.separatorsIn(data, start, pos);
        if (this.or?.values.size && !quoted) {
          const names = data
            .toString('utf8', start, pos)
            .replace(/^\uFEFF/, '')
            .replace(/\r?\n$/, '')
            .split(String.fromCharCode(this.separator))
            .map((name) => name.trim());
          this.orAt = names.indexOf(this.or.column);
        }
      } else {
        this.rows++;
        for (let i = 0; !keep && i < hits.length; i++) {
          if (hits[i]! >= 0 && hits[i]! < start) hits[i] = data.indexOf(patterns![i]!, start);
          keep = hits[i]! >= 0 && hits[i]! < pos;
        }
        if (!keep && this.orAt >= 0) keep = this.or!.values.has(this.cellIn(data, start, pos, this.orAt) ?? '');
        // A record of another length than the header is passed on too, for the parser to refuse with its line;
        // so is one with quotes, whose separators may be inside a cell.
        if (!keep) keep = quoted || this.separators < 0 || this.separatorsIn(data, start, pos) !== this.separators;
      }
      quoted = false;
      if (keep) {
        this.lines.push(this.line);
        if (from >= 0 && to === start) to = pos;
        else {
          if (from >= 0) this.push(data.subarray(from, to));
          from = start;
          to = pos;
        }
      }
      start = pos;
      this.line = line;
    }
    if (from >= 0) this.push(data.subarray(from, to));
    // An unfinished record waits for the next chunk, from its start (its lines are counted once it ends): one longer
    // than any row may be (a cell of 80 MB) is refused at its line rather than held.
    if (data.length - start > maxSireneRowBytes) return new SireneFileError(this.file, this.line, sireneRowTooLong);
    return start;
  }
}

/**
 * Reads a Sirene CSV file (or ZIP), keeping the rows `options.filter`
 * selects. Throws SireneFileError for a file that is not as published: not
 * UTF-8, a required column missing, a row with another number of cells than
 * the header, a broken or truncated ZIP. `counts` is filled as it goes.
 */
export async function* readSirene(
  file: string,
  options: ReadOptions,
  counts: ScanCounts = { rows: 0, kept: 0 },
): AsyncGenerator<SireneRow> {
  const bytes = await openBytes(file);
  const { values } = options.filter;
  const patterns = values.size <= maxPatterns ? [...values.keys()].map((v) => Buffer.from(v)) : null;
  const delimiter = options.delimiter ?? ',';
  const or = options.filter.or;
  // A header with quotes passes every record on to the parser: `or` decides there too (`onRecord`).
  const text = new RecordFilter(file, patterns, delimiter.charCodeAt(0), or);
  let header: string[] | null = null;
  let filterAt = -1;
  let orAt = -1;
  let wantedAt: [string, number][] = [];
  // The records the filter passed on, parsed: their lines are `text.lines`, in the same order.
  let parsed = 0;
  // Kept rows only leave the parser, as [line, cells]; the header is checked here too.
  const onRecord = (cells: string[]): [number, string[]] | null => {
    const line = text.lines[parsed++]!;
    if (parsed > 10_000) {
      text.lines.splice(0, parsed);
      parsed = 0;
    }
    if (header === null) {
      header = checkedHeader(file, cells, options.required);
      filterAt = header.indexOf(options.filter.column);
      orAt = or ? header.indexOf(or.column) : -1;
      wantedAt = options.wanted.flatMap((c) =>
        header!.includes(c) ? [[c, header!.indexOf(c)] as [string, number]] : [],
      );
      return null;
    }
    if (!values.has(cells[filterAt]!) && !(orAt >= 0 && or!.values.has(cells[orAt]!))) return null;
    counts.kept++;
    return [line, cells];
  };
  const parser: Parser = parse({
    delimiter,
    bom: true,
    on_record: onRecord as Options['on_record'],
  });
  bytes.on('error', (error) => text.destroy(error));
  text.on('error', (error) => parser.destroy(error));
  bytes.pipe(text).pipe(parser);
  try {
    for await (const [line, cells] of parser as AsyncIterable<[number, string[]]>) {
      const row: Record<string, string | null> = {};
      for (const [name, at] of wantedAt) row[name] = cells[at] ? cells[at] : null;
      yield { line, values: row };
    }
  } catch (error) {
    if (error instanceof SireneFileError) throw error;
    // A record the parser refused: the one after those it parsed (yauzl's errors, a truncated entry, have none).
    const refusal = csvRefusal(error, header ?? undefined);
    const line = refusal ? (text.lines[parsed] ?? null) : null;
    // csv-parse counts the lines it was given, not the file's: the line is said once, above.
    const reason = refusal ? `${refusal.column ? `${refusal.column}: ` : ''}${refusal.what}` : (error as Error).message;
    throw new SireneFileError(file, line, reason);
  } finally {
    counts.rows = text.rows;
    bytes.destroy();
  }
  if (header === null) throw new SireneFileError(file, 1, emptyFile);
}

const notUtf8 = 'is not UTF-8 text (INSEE publishes the Sirene files in UTF-8)';
const emptyFile = 'is empty: the first line must name the columns';

/** The header row's column names; throws SireneFileError when it names one twice or lacks one of `required`. */
function checkedHeader(file: string, cells: string[], required: readonly string[]): string[] {
  const header = cells.map((c) => c.trim());
  const twice = header.find((c, i) => header.indexOf(c) !== i);
  if (twice !== undefined) {
    throw new SireneFileError(file, 1, `the header row names the column ${twice} twice: which one is it?`);
  }
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length) {
    const list = missing.join(', ');
    throw new SireneFileError(file, 1, `the header row lacks the column${missing.length > 1 ? 's' : ''} ${list}`);
  }
  return header;
}

/**
 * Reads the header row of a Sirene file alone (a CSV, or the one `.csv` of a ZIP) and checks it as `readSirene`
 * does: a file read after the stock's long scan (the legal units, the geolocation file) is refused first thing.
 * Throws SireneFileError: not readable, a header not UTF-8, a column missing or named twice, an empty file.
 */
export async function checkSireneHeader(
  file: string,
  options: { required: readonly string[]; delimiter?: ',' | ';' },
): Promise<void> {
  const bytes = await openBytes(file);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of bytes as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      // A header is a few hundred bytes: a first megabyte without a line's end is no header.
      if (chunk.includes(0x0a) || size > 1 << 20) break;
    }
  } catch (error) {
    if (error instanceof SireneFileError) throw error;
    throw new SireneFileError(file, null, `cannot be read (${(error as Error).message})`);
  } finally {
    bytes.destroy();
  }
  const all = Buffer.concat(chunks);
  const end = all.indexOf(0x0a);
  const line = end < 0 ? all : all.subarray(0, end);
  if (!isUtf8(line)) throw new SireneFileError(file, 1, notUtf8);
  const text = line.toString('utf8').replace(/\r$/, '');
  if (!text.replace(/^\uFEFF/, '').trim()) throw new SireneFileError(file, 1, emptyFile);
  const [cells] = parseLine(text, { delimiter: options.delimiter ?? ',', bom: true, relax_quotes: true }) as string[][];
  checkedHeader(file, cells ?? [], options.required);
}
