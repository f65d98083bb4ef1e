// The character encoding of an import file, as spreadsheets save them: UTF-8
// (with or without a byte-order mark), UTF-16 with its mark (Excel's « Unicode
// text »), or Windows-1252 (Excel's « CSV » on a French Windows, a superset of
// Latin-1). Told by reading the bytes: a file that is valid UTF-8 is UTF-8,
// any other is Windows-1252. Decoding is iconv-lite's, as a stream.
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
