// Reading INSEE's Sirene files as they are published: comma-separated UTF-8
// CSV with a header row, plain or inside a ZIP (read as a stream, never
// unpacked), columns found by their header name. Rows are filtered inside the
// CSV parser (`on_record`), before any object is built for them: only the few
// rows kept leave it, so memory stays flat over the 44 million rows of the
// establishments' stock.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { type Options, type Parser, parse } from 'csv-parse';
import yauzl from 'yauzl';

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

/** A row kept: the line it starts at (the header is line 1) and its cells by column name (empty cells null). */
export interface SireneRow {
  line: number;
  values: Record<string, string | null>;
}

/** Which rows to keep: those whose `column` holds one of `values`. */
export interface RowFilter {
  column: string;
  values: ReadonlySet<string>;
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

/** The bytes of a CSV file, or of the first `.csv` entry of a ZIP, as a stream. */
async function openBytes(file: string): Promise<Readable> {
  if (!file.toLowerCase().endsWith('.zip')) return createReadStream(file);
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (error, opened) =>
      error ? reject(new SireneFileError(file, null, `not a readable ZIP file (${error.message})`)) : resolve(opened),
    ),
  );
  return new Promise<Readable>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.toLowerCase().endsWith('.csv')) {
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (error, stream) =>
        error
          ? reject(new SireneFileError(file, null, `cannot read ${entry.fileName} (${error.message})`))
          : resolve(stream),
      );
    });
    zip.on('end', () => reject(new SireneFileError(file, null, 'the ZIP file holds no .csv file')));
    zip.on('error', (error: Error) => reject(new SireneFileError(file, null, `broken ZIP file (${error.message})`)));
    zip.readEntry();
  });
}

/**
 * Decodes UTF-8 strictly (a byte-order mark dropped): the first byte that is
 * not UTF-8 stops the read with the line it is on. INSEE publishes UTF-8
 * only; a file re-saved in another encoding would otherwise import garbled
 * names.
 */
class StrictUtf8 extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private line = 1;

  constructor(private readonly file: string) {
    super({ readableObjectMode: false, decodeStrings: true, encoding: 'utf8' });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      // Where the bad byte is: the chunk decoded leniently, up to its first replacement character.
      const lenient = new TextDecoder('utf-8').decode(chunk);
      const before = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD')));
      const line = this.line + (before.match(/\n/g)?.length ?? 0);
      done(new SireneFileError(this.file, line, 'is not UTF-8 text (INSEE publishes the Sirene files in UTF-8)'));
      return;
    }
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) this.line++;
    done(null, text);
  }

  override _flush(done: TransformCallback): void {
    try {
      done(null, this.decoder.decode());
    } catch {
      done(new SireneFileError(this.file, this.line, 'ends in the middle of a UTF-8 character (truncated file?)'));
    }
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
  const text = new StrictUtf8(file);
  let header: string[] | null = null;
  let filterAt = -1;
  let wantedAt: [string, number][] = [];
  const { values } = options.filter;
  // Kept rows only leave the parser, as [line, cells]; the header is checked here too.
  const onRecord = (cells: string[]): [number, string[]] | null => {
    if (header === null) {
      header = cells.map((c) => c.trim());
      const missing = options.required.filter((c) => !header!.includes(c));
      if (missing.length) {
        const list = missing.join(', ');
        throw new SireneFileError(file, 1, `the header row lacks the column${missing.length > 1 ? 's' : ''} ${list}`);
      }
      filterAt = header.indexOf(options.filter.column);
      wantedAt = options.wanted.flatMap((c) =>
        header!.includes(c) ? [[c, header!.indexOf(c)] as [string, number]] : [],
      );
      return null;
    }
    counts.rows++;
    if (!values.has(cells[filterAt]!)) return null;
    counts.kept++;
    return [parser.info.lines, cells];
  };
  const parser: Parser = parse({ delimiter: options.delimiter ?? ',', on_record: onRecord as Options['on_record'] });
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
    const cause = error as Error & { lines?: number };
    // csv-parse names the line; yauzl's errors (a truncated entry) do not.
    const line = typeof cause.lines === 'number' ? cause.lines : null;
    const reason = cause.message.replace(/^Invalid Record Length: /, 'a row has another number of cells: ');
    throw new SireneFileError(file, line, reason);
  } finally {
    bytes.destroy();
  }
  if (header === null) throw new SireneFileError(file, 1, 'is empty: the first line must name the columns');
}
