// The file of rejected rows (`--skip-invalid`): `<file>.rejected.<ext>`,
// beside the file imported, in its format. It is written without following a
// symbolic link or writing through a hard link: a link planted at that name
// must not get another file overwritten. Written as the rows are rejected
// (`RejectedRows`), into a file of its own renamed at the end, so that memory
// does not grow with their number.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, lstat, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { type CsvLayout, csvText, type ImportFormat } from './read.js';
import type { Rejected } from './run.js';

/** The rejected rows of `file` go to `<file>.rejected.<ext>`. */
export function rejectedPath(file: string): string {
  const ext = path.extname(file);
  return `${file.slice(0, -ext.length)}.rejected${ext}`;
}

/** A refusal to write the rejected rows where a link stands. */
export class RejectedFileError extends Error {}

const linkRefusal = (file: string, what: string) =>
  new RejectedFileError(
    `${file} is ${what}: the rejected rows are not written through it; remove it or choose another file name`,
  );

/** Refuses, before anything is imported, a rejected-rows path that is a symbolic link or a hard link. */
export async function checkRejectedPath(file: string): Promise<void> {
  const stat = await lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (stat?.isSymbolicLink()) throw linkRefusal(file, 'a symbolic link');
  if (stat && !stat.isFile()) throw linkRefusal(file, 'not a regular file');
  if (stat && stat.nlink > 1) throw linkRefusal(file, 'a hard link to another file');
}

/** Text written to the rejected rows' file at a time. */
const flushChars = 1 << 16;

/**
 * The rejected rows' file, written as the rows come (`add`), as the file imported wrote them: JSON as JSON; CSV with
 * its header row and separator, in UTF-8 with a byte-order mark (so that a spreadsheet opens it right, whatever the
 * file's encoding was). Written into a new file beside `file` (its name ending in `.partial-<random>`, created
 * exclusively, never through a link), renamed `file` by `keep` (a link at that name is replaced, never written
 * through), removed by `discard` (the import failed or was interrupted). Nothing is created until the first row. A
 * row too long to hold (read.ts `rowTooLong`), which has no text, is left out: counted in `leftOut`. Memory holds one
 * row and 64 KiB of text.
 */
export class RejectedRows {
  private handle: FileHandle | null = null;
  private readonly partial: string;
  private text = '';
  private written = 0;
  /** Rows rejected without their text (too long to hold): reported, not written. */
  leftOut = 0;

  /** `layout`: how a CSV file is written (its header row and separator), read when the first row comes. */
  constructor(
    readonly file: string,
    private readonly format: ImportFormat,
    private readonly layout: () => Promise<CsvLayout | null>,
  ) {
    this.partial = `${file}.partial-${randomBytes(6).toString('hex')}`;
  }

  /** Writes `row` (its text as the file imported wrote it). */
  async add(row: Rejected): Promise<void> {
    if (!row.raw) {
      this.leftOut++;
      return;
    }
    if (!this.handle) {
      const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
      this.handle = await open(this.partial, flags, 0o644);
      const layout = this.format === 'csv' ? await this.layout() : null;
      if (this.format === 'json') this.text = '[\n';
      else if (layout) this.text = `\uFEFF${csvText(layout.columns, layout.delimiter)}\n`;
    }
    if (this.format === 'json') this.text += `${this.written ? ',\n' : ''}${row.raw}`;
    else this.text += row.raw.endsWith('\n') ? row.raw : `${row.raw}\n`;
    this.written++;
    if (this.text.length >= flushChars) await this.flush();
  }

  /** How many rows were written. */
  get rows(): number {
    return this.written;
  }

  private async flush(): Promise<void> {
    const text = this.text;
    this.text = '';
    if (text) await this.handle!.write(text);
  }

  /**
   * Ends the file and gives it its name (`file`), replacing a file of that name; false when no row was written (no
   * file made). Throws RejectedFileError (what was written removed) when a link stands at that name (one made while
   * the import ran): it is left as it is.
   */
  async keep(): Promise<boolean> {
    if (!this.handle) return false;
    try {
      if (this.format === 'json') this.text += '\n]\n';
      await this.flush();
      await this.handle.close();
      this.handle = null;
      await checkRejectedPath(this.file);
      // A rename replaces the name: a link made since the check is replaced, never written through.
      await rename(this.partial, this.file);
      return true;
    } catch (error) {
      await this.discard();
      await unlink(this.partial).catch(() => {});
      throw error;
    }
  }

  /** Removes what was written (nothing kept). */
  async discard(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    this.text = '';
    if (!handle) return;
    await handle.close().catch(() => {});
    await unlink(this.partial).catch(() => {});
  }
}
