// The verbatim rule of quotes: a quote of a source whose text Plateau holds (its article's file under
// seed-data/articles/, `sources.file`) must be found in that text, word for word. One rule for the seed loader's
// check and for every write.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { type Db, executePrepared } from '../db/client.js';
import { type FieldError, unprocessable } from '../domain/errors.js';
import { seedFolder } from '../paths.js';

/** Text as quotes are compared: in Unicode NFC, each line break (`\r\n`, `\r`) a `\n`. */
const comparable = (text: string) => text.normalize('NFC').replace(/\r\n?/g, '\n');

/**
 * Is `quote` found verbatim in `text`? Both compared in Unicode NFC (a write's text is NFC, an article's file may
 * not be) with line breaks alike (a CSV cell over two lines ends them with `\r\n`), nothing else folded: not case,
 * not spaces, not apostrophes.
 */
export function quotedVerbatim(text: string, quote: string): boolean {
  return comparable(text).includes(comparable(quote));
}

/** The held texts read so far, by file (the articles do not change while Plateau runs). */
const texts = new Map<string, Promise<string | null>>();

/** The text of an article file under seed-data/articles/, or null when this installation does not hold it. */
function heldText(file: string): Promise<string | null> {
  let text = texts.get(file);
  if (!text) {
    text = readFile(path.join(seedFolder, 'articles', path.basename(file)), 'utf8').catch(() => null);
    texts.set(file, text);
  }
  return text;
}

/**
 * Refuses (422, at each quote's `name`: `citations.0.quote`) the quotes of known sources whose text Plateau holds
 * that are not found in it verbatim (`quotedVerbatim`). The quotes of sources without a held text (a new source, a
 * web page, a Sirene stock, a BODACC notice) are not checked. One query for the sources' files.
 */
export async function requireVerbatim(
  db: Db,
  quoted: readonly { source_id: string; quote: string; name: string }[],
): Promise<void> {
  if (!quoted.length) return;
  const ids = [...new Set(quoted.map((q) => q.source_id))];
  const rows = await executePrepared<{ id: string; file: string; title: string }>(
    db,
    sql`select id, file, title from sources where id = any(${sql.param(ids)}) and file is not null`,
  );
  const held = new Map([...rows].map((r) => [r.id, r]));
  const errors: FieldError[] = [];
  for (const { source_id, quote, name } of quoted) {
    const source = held.get(source_id);
    const text = source ? await heldText(source.file) : null;
    if (source && text !== null && !quotedVerbatim(text, quote)) {
      errors.push({
        in: 'body',
        name,
        message: `not found verbatim in the text of the source '${source_id}' (« ${source.title} »)`,
      });
    }
  }
  if (errors.length) throw unprocessable(errors);
}
