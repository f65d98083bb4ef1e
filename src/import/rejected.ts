// The file of rejected rows (`--skip-invalid`): `<file>.rejected.<ext>`,
// beside the file imported, in its format. It is written without following a
// symbolic link or writing through a hard link: a link planted at that name
// must not get another file overwritten.
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import path from 'node:path';
import { csvText, type ImportFormat } from './read.js';
import type { ImportSummary } from './run.js';

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

/**
 * The rejected rows, as the file imported wrote them: JSON as JSON; CSV with
 * its header row and separator, in UTF-8 with a byte-order mark (so that a
 * spreadsheet opens it right, whatever the file's encoding was).
 */
export function rejectedText(format: ImportFormat, summary: ImportSummary): string {
  if (format === 'json') return `[\n${summary.rejected.map((r) => r.raw).join(',\n')}\n]\n`;
  const header = summary.layout ? `\uFEFF${csvText(summary.layout.columns, summary.layout.delimiter)}\n` : '';
  return header + summary.rejected.map((r) => (r.raw.endsWith('\n') ? r.raw : `${r.raw}\n`)).join('');
}

/**
 * Writes `text` to `file`, created or replaced, never through a link: the
 * file is opened with O_NOFOLLOW (a symbolic link is refused, not followed)
 * and checked to be a regular file with one name before it is truncated.
 */
export async function writeRejected(file: string, text: string): Promise<void> {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW;
  const handle = await open(file, flags, 0o644).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ELOOP' ? linkRefusal(file, 'a symbolic link') : error;
  });
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw linkRefusal(file, 'not a regular file');
    if (stat.nlink > 1) throw linkRefusal(file, 'a hard link to another file');
    await handle.truncate(0);
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}
