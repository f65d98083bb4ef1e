// The character encoding of an import file, as spreadsheets save them: UTF-8
// (with or without a byte-order mark), UTF-16 with its mark (Excel's « Unicode
// text »), or Windows-1252 (Excel's « CSV » on a French Windows, a superset of
// Latin-1). Told by reading the bytes: a file that is valid UTF-8 is UTF-8,
// any other is Windows-1252. Decoding is iconv-lite's, as a stream. And text that was damaged before the file was
// saved (UTF-8 read as Windows-1252: « ZoÃ© ») repaired, one text at a time.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';

export type FileEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * The encoding of `file`, read as a stream (memory stays flat): a UTF-16
 * byte-order mark says UTF-16; bytes that are all valid UTF-8 (a UTF-8 mark
 * or not) say UTF-8; anything else is read as Windows-1252.
 */
export async function detectEncoding(file: string): Promise<FileEncoding> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    if (first) {
      first = false;
      if (chunk[0] === 0xff && chunk[1] === 0xfe) return 'utf-16le';
      if (chunk[0] === 0xfe && chunk[1] === 0xff) return 'utf-16be';
    }
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      return 'windows-1252';
    }
  }
  try {
    decoder.decode();
  } catch {
    // The file ends in the middle of a UTF-8 sequence.
    return 'windows-1252';
  }
  return 'utf-8';
}

/**
 * The text of `file` decoded from `encoding`, as a stream of strings; a
 * byte-order mark is dropped. Destroying it closes the file.
 */
export function decodedStream(file: string, encoding: FileEncoding): Readable {
  const bytes = createReadStream(file);
  // iconv-lite's decoder is a Transform stream; its typings say only ReadWriteStream.
  const text = bytes.pipe(iconv.decodeStream(encoding, { stripBOM: true })) as unknown as Readable;
  text.once('close', () => bytes.destroy());
  bytes.once('error', (error) => text.destroy(error));
  return text;
}

/** Mojibake: UTF-8 bytes read as Windows-1252 (« clÃ´ture », « dÃ©signant », « lâ€™ »). */
const mojibake = /[ÃÂâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]/;

/**
 * `text` with its mojibake repaired: encoded back to Windows-1252 bytes (iconv-lite) and decoded as UTF-8, when the
 * text holds the marks of it and the bytes are valid UTF-8; otherwise as it is. Applied once: « Ã© » → « é ». Every
 * text the BODACC export's cells give (open-data/bodacc/notices.ts) and every cell of the practitioners' CSV
 * (open-data/practitioners/import.ts) goes through it: a file saved right whose text was damaged before.
 */
export function repairMojibake(text: string): string {
  if (!mojibake.test(text)) return text;
  const bytes = iconv.encode(text, 'windows-1252');
  try {
    const repaired = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // Characters Windows-1252 cannot hold come back as « ? »: then the text was not all mojibake.
    return repaired.includes('?') && !text.includes('?') ? text : repaired;
  } catch {
    return text;
  }
}
