// Reading an import file row by row, whatever its format: CSV (comma or
// semicolon, with a header row), JSON lines, or a JSON array. CSV and JSON
// lines are streamed; a JSON array is read whole (prefer JSON lines for large
// files).
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';

export type ImportFormat = 'csv' | 'json' | 'jsonl';

export interface SourceRow {
  /** Line of the file where the row starts (the header is line 1 in CSV). */
  line: number;
  /** The row's fields; null when the line could not be read (see `error`). */
  record: Record<string, unknown> | null;
  error?: string;
  /** The row as written in the file, to copy rejected rows out. */
  raw: string;
}

export function formatOf(file: string): ImportFormat | null {
  const ext = path.extname(file).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : ext === '.json' ? 'json' : null;
}

export class ImportFileError extends Error {}

export async function firstLine(file: string): Promise<string> {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) return line;
  return '';
}

export async function* readRows(file: string, format: ImportFormat): AsyncGenerator<SourceRow> {
  if (format === 'csv') {
    const parser = createReadStream(file).pipe(
      parse({
        bom: true,
        columns: (header: string[]) => header.map((h) => h.trim()),
        // Semicolons (as exports and French spreadsheets write) or commas, told by the header line.
        delimiter: (await firstLine(file)).includes(';') ? ';' : ',',
        relax_column_count: false,
        skip_empty_lines: true,
        info: true,
        raw: true,
      }),
    );
    try {
      for await (const { record, info, raw } of parser as AsyncIterable<{
        record: Record<string, string>;
        info: { lines: number };
        raw: string;
      }>) {
        const cleaned = Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v === '' ? null : v]));
        yield { line: info.lines, record: cleaned, raw };
      }
    } catch (error) {
      throw new ImportFileError(`${file}: ${(error as Error).message}`);
    }
    return;
  }
  if (format === 'jsonl') {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let line = 0;
    for await (const text of lines) {
      line++;
      if (!text.trim()) continue;
      try {
        const record = JSON.parse(text) as unknown;
        if (!record || typeof record !== 'object' || Array.isArray(record))
          yield { line, record: null, error: 'is not a JSON object', raw: text };
        else yield { line, record: record as Record<string, unknown>, raw: text };
      } catch (error) {
        yield { line, record: null, error: `is not valid JSON (${(error as Error).message})`, raw: text };
      }
    }
    return;
  }
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ImportFileError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(data)) throw new ImportFileError(`${file} must hold a JSON array of rows`);
  for (const [i, record] of data.entries()) {
    const raw = JSON.stringify(record);
    if (!record || typeof record !== 'object' || Array.isArray(record))
      yield { line: i + 1, record: null, error: 'is not a JSON object', raw };
    else yield { line: i + 1, record: record as Record<string, unknown>, raw };
  }
}
