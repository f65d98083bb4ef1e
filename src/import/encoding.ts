// The character encoding of an import file, as spreadsheets save them: UTF-8
// (with or without a byte-order mark), UTF-16 with its mark (Excel's « Unicode
// text »), or Windows-1252 (Excel's « CSV » on a French Windows, a superset of
// Latin-1). Told by reading the bytes: a file that is valid UTF-8 is UTF-8,
// any other is Windows-1252. Decoding is iconv-lite's, as a stream. And text that was damaged before the file was
// saved (UTF-8 read as Windows-1252: « ZoÃ© ») repaired, one damaged run at a time.
import { createReadStream } from 'node:fs';
import { type Readable, Transform } from 'node:stream';
import iconv from 'iconv-lite';
import { cellRefusal } from '../domain/text.js';
import { ImportFileError } from './file-error.js';

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
 * byte-order mark is dropped. Destroying it closes the file. A file that is not UTF-8 (`windows-1252`) is decoded
 * line by line (`decodeLine`): a line whose bytes are UTF-8 is read as UTF-8, the others as Windows-1252, so that a
 * file mixing both (two exports pasted together, a row typed in another tool) is read right, never « SociÃ©tÃ© ».
 * Every importer that reads a file in an encoding of its own reads it through here (`npm run import`,
 * `import:practitioners`, `import:bodacc`; Sirene's reader accepts UTF-8 only).
 */
export function decodedStream(file: string, encoding: FileEncoding): Readable {
  const bytes = createReadStream(file);
  // iconv-lite's decoder is a Transform stream; its typings say only ReadWriteStream.
  // A UTF-16 file's bytes are counted on their way (`wholeCodeUnits`): its refusal fails the text read.
  const units = encoding === 'utf-16le' || encoding === 'utf-16be' ? wholeCodeUnits(file, encoding) : null;
  const text = (encoding === 'windows-1252'
    ? bytes.pipe(lineWiseDecoder(file))
    : (units ? bytes.pipe(units) : bytes).pipe(
        iconv.decodeStream(encoding, { stripBOM: true }),
      )) as unknown as Readable;
  units?.once('error', (error) => text.destroy(error));
  text.once('close', () => bytes.destroy());
  bytes.once('error', (error) => text.destroy(error));
  return text;
}

/**
 * The bytes of a UTF-16 file passed on as they come, failing the stream with an ImportFileError naming the line and
 * column where the file ends when it ends in the middle of a code unit (an odd number of bytes: a file cut short),
 * whose last byte iconv-lite's decoder would drop without a word.
 */
function wholeCodeUnits(file: string, encoding: 'utf-16le' | 'utf-16be'): Transform {
  let bytes = 0;
  let line = 1;
  let column = 1;
  let carried: number | null = null;
  const newline = (first: number, second: number) =>
    encoding === 'utf-16le' ? first === 0x0a && second === 0x00 : first === 0x00 && second === 0x0a;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let i = 0;
      if (carried !== null && chunk.length) {
        if (newline(carried, chunk[0]!)) [line, column] = [line + 1, 1];
        else column++;
        carried = null;
        i = 1;
      }
      for (; i + 1 < chunk.length; i += 2) {
        if (newline(chunk[i]!, chunk[i + 1]!)) [line, column] = [line + 1, 1];
        else column++;
      }
      if (i < chunk.length) carried = chunk[i]!;
      bytes += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      if (bytes % 2 === 0) return done();
      // The byte-order mark counted no column.
      const at = line === 1 ? column - 1 : column;
      done(
        new ImportFileError(
          `${file}: line ${line}, column ${at}: the file ends in the middle of a UTF-16 character (an odd number of ` +
            'bytes: a file cut short?)',
        ),
      );
    },
  });
}

/** The five bytes Windows-1252 gives no character (iconv-lite decodes each as U+FFFD). */
const undefinedBytes: ReadonlySet<number> = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * A byte of a line that is neither UTF-8 nor Windows-1252 (`decodeLine`): `column` counts the characters of the line
 * before it, plus one (as the line reads up to it); `byte` is the byte.
 */
export class UndecodableByte extends Error {
  constructor(
    readonly column: number,
    readonly byte: number,
  ) {
    super(`column ${column}: ${undecodableWords(byte)}`);
  }
}

/** What is wrong with a byte Windows-1252 gives no character, in words. */
const undecodableWords = (byte: number) =>
  `the byte 0x${byte.toString(16).toUpperCase()} is no character in Windows-1252 nor part of UTF-8 text: the file is ` +
  'in another encoding, or damaged (save it again as UTF-8)';

/**
 * One line of a file that is not UTF-8 as a whole (its bytes, line feed included): as UTF-8 when its bytes are valid
 * UTF-8, else as Windows-1252. Windows-1252 text is almost never valid UTF-8: an accented letter followed by a letter,
 * a digit, a space or an ASCII sign is not; an ASCII line reads the same either way. Throws UndecodableByte for a line
 * holding one of the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D), which would be stored
 * as U+FFFD, its character lost.
 */
export function decodeLine(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const at = buffer.findIndex((byte) => undefinedBytes.has(byte));
    if (at >= 0) {
      const before = iconv.decode(buffer.subarray(0, at), 'windows-1252');
      throw new UndecodableByte([...before].length + 1, buffer[at]!);
    }
    return iconv.decode(buffer, 'windows-1252');
  }
}

/**
 * The bytes of a line held at most (`lineWiseDecoder`): beyond, the line is decoded a piece at a time, each piece cut
 * before a UTF-8 sequence. No row of an import may be that long anyway (read.ts `maxRowBytes`, 1 MiB; a JSON array
 * on one line is read right, each piece of it told UTF-8 or Windows-1252 on its own).
 */
const heldLineBytes = 1_048_576;

/**
 * A stream of bytes of `file` decoded line by line with `decodeLine` (memory holds one line, `heldLineBytes` at most).
 * A byte no encoding of the file reads (`UndecodableByte`) fails the stream with an ImportFileError naming its line and
 * column, as every other file that cannot be read: the import it feeds applies nothing.
 */
function lineWiseDecoder(file: string): Transform {
  let pending: Buffer = Buffer.alloc(0);
  let line = 1;
  // The characters of the current line already passed on (a line this long is decoded in pieces).
  let column = 0;
  const decoded = (bytes: Uint8Array, ends: boolean): string => {
    try {
      const text = decodeLine(bytes);
      column = ends ? 0 : column + [...text].length;
      if (ends) line++;
      return text;
    } catch (error) {
      if (!(error instanceof UndecodableByte)) throw error;
      throw new ImportFileError(
        `${file}: line ${line}, column ${column + error.column}: ${undecodableWords(error.byte)}`,
      );
    }
  };
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      try {
        const data = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        const parts: string[] = [];
        let start = 0;
        for (let end = data.indexOf(0x0a); end >= 0; end = data.indexOf(0x0a, start)) {
          parts.push(decoded(data.subarray(start, end + 1), true));
          start = end + 1;
        }
        if (data.length - start > heldLineBytes) {
          // A line this long is decoded in pieces: cut where no UTF-8 sequence goes on (not before a continuation byte).
          let cut = data.length;
          while (cut > data.length - 4 && (data[cut - 1]! & 0xc0) === 0x80) cut--;
          if (cut > start && data[cut - 1]! >= 0xc0) cut--;
          parts.push(decoded(data.subarray(start, cut), false));
          start = cut;
        }
        pending = Buffer.from(data.subarray(start));
        done(null, parts.length ? parts.join('') : undefined);
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        done(null, pending.length ? decoded(pending, true) : undefined);
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

/**
 * The byte each Windows-1252 or Latin-1 rendering of a byte ≥ 0x80 stands for: « Ã » 0xC3, « © » 0xA9, « “ » 0x93
 * (Windows-1252, read from iconv-lite), « \u0093 » 0x93 too (Latin-1's C1 controls, also Windows-1252's five unused
 * bytes). The characters of mojibake, and only those.
 */
const byteOfRendering: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (let byte = 0x80; byte <= 0xff; byte++) {
    map.set(String.fromCharCode(byte), byte);
    const rendering = iconv.decode(Buffer.from([byte]), 'windows-1252');
    if (rendering !== '\ufffd') map.set(rendering, byte);
  }
  return map;
})();

/**
 * Whether `codePoint`, decoded from a sequence of renderings, is a character mojibake surely stands for in the
 * directory's text (French, and names in Latin script): Latin-1's signs and letters and Latin Extended-A
 * (U+00A0–U+017F: « é », « ô », « œ », « ł »), Romanian's « ș », « ț » (U+0218–U+021B), Latin-1's C1 controls
 * (U+0080–U+009F: text damaged twice through Latin-1 holds them between the two repairs; one left at the end is a
 * control character, which every import's text rule refuses, naming its cell: domain/text.ts); of three bytes only
 * punctuation and symbols (U+2000–U+27BF: « ’ », « … », « € », « ™ »), ligatures (U+FB00–U+FB4F), the byte-order mark
 * and « \ufffd »; any of four bytes (emoji). Nothing else: a correct « CAFÉ… » (0xC9 0x85) is valid UTF-8 for « Ʌ »,
 * « ÉTÉ–HIVER » (0xC9 0x96) for « ɖ », and both were so « repaired »; a correct « été\u00a0» » (é, no-break space,
 * guillemet: 0xE9 0xA0 0xBB) is valid UTF-8 for « 頻 ». Greek, Cyrillic and other scripts' mojibake stays as it is.
 */
function isSureRepair(codePoint: number): boolean {
  return (
    (codePoint >= 0x80 && codePoint <= 0x17f) ||
    (codePoint >= 0x218 && codePoint <= 0x21b) ||
    (codePoint >= 0x2000 && codePoint <= 0x27bf) ||
    (codePoint >= 0xfb00 && codePoint <= 0xfb4f) ||
    codePoint === 0xfeff ||
    codePoint === 0xfffd ||
    codePoint > 0xffff ||
    // A rendering itself (« ƒ » 0x83, « ˆ » 0x88, « ˜ » 0x98 of Windows-1252): text damaged twice holds it between
    // the two repairs (« CÃƒÆ’Ã‚Â©cile », thrice).
    byteOfRendering.has(String.fromCodePoint(codePoint))
  );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** How many bytes the UTF-8 sequence led by `byte` has (2 to 4); 0 when `byte` leads none. */
const sequenceLength = (byte: number) =>
  byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;

/**
 * `run` (renderings only) repaired: each sequence of its bytes that is valid UTF-8 of one character mojibake surely
 * stands for (`isSureRepair`) decoded, every other rendering kept as it is (« cafÃ©Ã » is « caféÃ »).
 */
function repairRun(run: string): string {
  const renderings = [...run];
  const bytes = renderings.map((character) => byteOfRendering.get(character) as number);
  let repaired = '';
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes[i]!);
    let character: string | null = null;
    if (length && i + length <= bytes.length) {
      try {
        character = utf8.decode(Uint8Array.from(bytes.slice(i, i + length)));
      } catch {
        character = null;
      }
    }
    if (character && isSureRepair(character.codePointAt(0) as number)) {
      repaired += character;
      i += length;
    } else {
      repaired += renderings[i];
      i += 1;
    }
  }
  return repaired;
}

/**
 * A maximal run of two renderings or more (one alone is never valid UTF-8 of bytes ≥ 0x80), as a regular expression
 * whose class is made of `byteOfRendering`'s characters.
 */
const renderingRun = new RegExp(
  `[${[...byteOfRendering.keys()].map((character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]{2,}`,
  'g',
);

/**
 * `text` with its mojibake repaired (UTF-8 bytes read as Windows-1252 or Latin-1: « clÃ´ture » → « clôture »,
 * « lâ€™ » → « l’ », « DubÅ“uf » → « Dubœuf »), until none is left: text damaged twice (« clÃƒÂ´ture », a file
 * re-saved after an upstream error) is repaired twice (fault 06 of issue 11's second hostile check: it was once, and
 * « clÃ´ture » was stored). Each maximal run of characters that render bytes ≥ 0x80 (Windows-1252's mapping is
 * iconv-lite's) is encoded back to those bytes, and each of its sequences that is valid UTF-8 of a character mojibake
 * surely stands for (`isSureRepair`) is decoded; every other character is kept. So a damaged name in a correct text
 * is repaired, and a correct « é », « œ », « Ångström », « CHÂTEAU », « CAFÉ… » or « “guillemets” » stays as it is: a
 * lone accented letter, or one followed by a letter, is not valid UTF-8. Each pass shortens the text, so the repair
 * ends. Every text the BODACC export's cells give (open-data/bodacc/notices.ts) and every cell of the practitioners'
 * CSV (open-data/practitioners/import.ts) goes through it: a file saved right whose text was damaged before.
 */
export function repairMojibake(text: string): string {
  let repaired = text;
  for (let next = repaired.replace(renderingRun, repairRun); next !== repaired; ) {
    repaired = next;
    next = repaired.replace(renderingRun, repairRun);
  }
  return repaired;
}

/**
 * A cell of a file whose text `repairMojibake` repairs, as it is stored: `text`, repaired once here (every reader
 * builds its value from it, never repairing again), and what is wrong with it in words, or null: `cellRefusal` of
 * that text, and only of it. Decoding UTF-8 as Latin-1 turns a capital accented letter into « Ã » and a C1 control
 * (« É » C3 89 → « Ã\u0089 »): such a cell is not refused for a character its repair removes (fault 03 of issue 11's
 * seventh hostile check: « SOCIÃ\u0089TÃ\u0089 » was refused, and with it the whole file, where « SOCIÉTÉ » is
 * stored); and a clean-looking run that repairs into a character the directory does not keep (« Â… » → U+0085,
 * « â€® » → U+202E, « â€‹ » → U+200B) is refused, saying so, since that is what would be stored (verify50 01: checked
 * as read, it was stored). Same arguments as `cellRefusal`.
 */
export function repairedCell(
  value: string,
  max: number,
  multiLine: boolean | 'verbatim' = false,
): { text: string; refusal: string | null } {
  const text = repairMojibake(value);
  const refusal = cellRefusal(text, max, multiLine);
  if (refusal === null || text === value || cellRefusal(value, max, multiLine) !== null) return { text, refusal };
  return { text, refusal: `${refusal}, once its mojibake is repaired` };
}
