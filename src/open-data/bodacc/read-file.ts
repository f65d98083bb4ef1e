// Reading a BODACC export file as downloaded (CSV with `;` and a BOM, JSON array, JSON lines) into notices,
// through the import's own readers (src/import/read.ts): every malformed row is an error naming its line and
// field; a file that is not UTF-8, or lacks a column a notice needs, is refused whole before any row is read.
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { csvLayout, formatOf, ImportFileError, jsonArrayPlaces, readRows } from '../../import/read.js';
import {
  type MalformedSiren,
  missingNoticeColumns,
  type NamelessCompany,
  type Notice,
  type NoticeError,
  type PersonLeftOut,
  readNotice,
} from './notices.js';

/** A row that cannot be a notice: its line (in a JSON array, the line of its `{`, or its position) and what is wrong. */
export interface RejectedNotice {
  line: number;
  errors: NoticeError[];
}

/** What a file held, as the import report gives it. */
export interface NoticeFile {
  rows: number;
  otherFamilies: number;
  /** The persons of its notices left out for want of a valid SIREN (`personsLeftOut` lists each). */
  personsWithoutSiren: number;
  /** Each person left out for want of a valid SIREN: its row's line, notice, field and why. */
  personsLeftOut: (PersonLeftOut & { line: number; notice: string })[];
  /** How many rows were refused (each handed to the import's `onRejected` as it was found). */
  rejectedRows: number;
  /**
   * The first rows refused (at most `keptRejections`, 100: those found first), in the order of lines: a file of a
   * million bad rows is not held in memory.
   */
  rejected: RejectedNotice[];
  /**
   * `line`: rows are named by the line where they start (a JSON array's too, its element's `{`, when each starts on a
   * line of its own); `row`, by position, in a JSON array whose elements share lines (src/import/read.ts,
   * `jsonArrayPlaces`).
   */
  where: 'line' | 'row';
}

/**
 * The line of the first byte sequence that is not UTF-8, or null when the whole file is UTF-8. Streams the file
 * (memory stays flat); counts line feeds up to the faulty byte. Each chunk is checked at once (`isUtf8`, stricter than
 * the byte loop: a chunk it refuses is read again byte by byte, which decides), its line feeds counted by `indexOf`;
 * the byte loop reads only the sequence a chunk ends in the middle of, and a chunk refused.
 */
export async function firstNonUtf8Line(file: string): Promise<number | null> {
  let line = 1;
  let pending = 0; // continuation bytes still expected
  const bytes = (chunk: Buffer, from: number): number | null => {
    for (let i = from; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (pending > 0) {
        if ((byte & 0xc0) !== 0x80) return line;
        pending--;
        continue;
      }
      if (byte === 0x0a) line++;
      else if (byte < 0x80) continue;
      else if (byte >= 0xc2 && byte <= 0xdf) pending = 1;
      else if (byte >= 0xe0 && byte <= 0xef) pending = 2;
      else if (byte >= 0xf0 && byte <= 0xf4) pending = 3;
      else return line;
    }
    return null;
  };
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    const cut = pending ? -1 : completeUpTo(chunk);
    if (cut >= 0 && isUtf8(chunk.subarray(0, cut))) {
      for (let i = chunk.indexOf(0x0a); i !== -1 && i < cut; i = chunk.indexOf(0x0a, i + 1)) line++;
      const bad = bytes(chunk, cut);
      if (bad !== null) return bad;
      continue;
    }
    const bad = bytes(chunk, 0);
    if (bad !== null) return bad;
  }
  return pending > 0 ? line : null;
}

/** Where the multi-byte sequence `chunk` ends in the middle of starts (its length when none does). */
function completeUpTo(chunk: Buffer): number {
  for (let i = chunk.length - 1; i >= 0 && i >= chunk.length - 3; i--) {
    const byte = chunk[i]!;
    if (byte < 0x80) return chunk.length;
    if (byte >= 0xc0) {
      const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return chunk.length - i < needs ? i : chunk.length;
    }
  }
  return chunk.length;
}

/** What reading a file yields, row by row: a notice (with the persons it left out), a bad row, or a skipped one. */
export type NoticeRow =
  | {
      kind: 'notice';
      line: number;
      notice: Notice;
      withoutSiren: PersonLeftOut[];
      nameless: NamelessCompany[];
      malformed: MalformedSiren[];
      /** The SIRENs of the notice's companies that are natural persons. */
      naturalPersons: string[];
    }
  | { kind: 'rejected'; line: number; errors: NoticeError[] }
  | { kind: 'other-family'; line: number };

/**
 * The rows of `file` (`.csv`, `.json`, `.jsonl`/`.ndjson`) read as notices, streamed: memory holds one row. Throws
 * ImportFileError before the first row for a file that cannot be read as an export at all (extension, encoding, a
 * missing column), and while reading for a JSON array that does not parse or is cut short, naming its line and column
 * (src/import/read.ts). Notices
 * whose id repeats an earlier row's are yielded as notices: the caller tells them apart (the import in its staging table, `staging.ts`).
 */
export async function* readNotices(file: string): AsyncGenerator<NoticeRow> {
  const format = formatOf(file);
  if (!format) throw new ImportFileError(`${file}: the file must end in .csv, .json or .jsonl`);
  const bad = await firstNonUtf8Line(file);
  if (bad !== null) {
    throw new ImportFileError(
      `${file}: line ${bad} is not UTF-8 (the BODACC export is UTF-8; was the file saved again in another encoding?)`,
    );
  }
  const layout = format === 'csv' ? await csvLayout(file) : undefined;
  if (layout) {
    const missing = missingNoticeColumns((c) => layout.columns.includes(c));
    if (missing.length) {
      throw new ImportFileError(
        `${file}: line 1 lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => m.words).join(', ')} ` +
          '(export the data set with its field names: use_labels=false)',
      );
    }
  }
  for await (const row of readRows(file, format, { layout, encoding: 'utf-8' })) {
    if (!row.record) {
      yield {
        kind: 'rejected',
        line: row.line,
        errors: [{ field: row.errorField ?? 'row', message: row.error ?? 'cannot be read' }],
      };
      continue;
    }
    if (!layout) {
      const missing = missingNoticeColumns((c) => c in row.record!);
      if (missing.length) {
        const errors = missing.map((m) => ({
          field: m.field,
          message: m.others.length
            ? `is missing, as ${m.others.length > 1 ? 'are' : 'is'} ${m.others.map((o) => `'${o}'`).join(', ')}: one of them is needed`
            : 'is missing',
        }));
        yield { kind: 'rejected', line: row.line, errors };
        continue;
      }
    }
    const read = readNotice(row.record);
    if (read.otherFamily) yield { kind: 'other-family', line: row.line };
    else if (read.errors.length || !read.notice) yield { kind: 'rejected', line: row.line, errors: read.errors };
    else
      yield {
        kind: 'notice',
        line: row.line,
        notice: read.notice,
        withoutSiren: read.withoutSiren,
        nameless: read.nameless ?? [],
        malformed: read.malformed ?? [],
        naturalPersons: read.naturalPersons ?? [],
      };
  }
}

/** How the rows of `file` are named: by line, but in a JSON array whose elements share lines (`jsonArrayPlaces`). */
export const whereOf = async (file: string): Promise<NoticeFile['where']> =>
  formatOf(file) === 'json' ? jsonArrayPlaces(file, 'utf-8') : 'line';

/** The refusal of a notice whose id an earlier row already has. */
export const duplicateError = (id: string, where: NoticeFile['where'], first: number): NoticeError => ({
  field: 'id',
  message: `'${id}' already appears at ${where} ${first}`,
});
