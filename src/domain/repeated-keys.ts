// A JSON object naming one key twice (`{"name": "A", "name": "B"}`): JSON.parse and stream-json keep the last value
// without a word, so a row two tools merged would be applied with a value nobody chose. The import reads refuse it at
// its line, as a CSV header naming a column twice is refused (import/read.ts), and so do JSON cells (a citations cell,
// a BODACC notice's) and the API's JSON bodies (plugins/json-body.ts). Neither parser offers an option to refuse them (JSON.parse's reviver sees each object once built;
// stream-json 3.8 has none): the text is scanned once more, here.

/** The words of a key given twice, at `path` (`name`, `citations.0.quote`). */
export const givenTwice = 'is given twice in this row';

/**
 * The path of the first key some object of the JSON text `text` names twice (`name`; `citations.0.source` inside a
 * list), the keys compared as JSON reads them (`"n\u0061me"` is `name`), or null when none is. Text that is not JSON
 * gives null or a path of what it reads, never an error: the parser says what is wrong with it. One pass, memory a
 * frame per level of nesting and the keys of the objects open.
 */
export function repeatedKey(text: string): string | null {
  const frames: ({ keys: Set<string>; key: string | null; expectKey: boolean } | { index: number })[] = [];
  const pathTo = (key: string) =>
    [...frames.slice(0, -1).map((f) => ('index' in f ? String(f.index) : (f.key ?? ''))), key].join('.');
  // A string's end found by `indexOf` rather than character by character (most of a row is text in strings), the
  // rest read by character codes: it reads every row of a bulk import (BODACC, a million lines) and its JSON cells.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === quote) {
      const end = stringEnd(text, i);
      const top = frames.at(-1);
      if (top && 'keys' in top && top.expectKey) {
        // A key with no escape, closed, reads as written: no JSON.parse of it (most keys of most rows).
        let key: string;
        if (end < text.length && !escapes(text, i, end)) key = text.slice(i + 1, end);
        else {
          const literal = text.slice(i, end + 1);
          key = literal.slice(1, -1);
          try {
            key = JSON.parse(literal) as string;
          } catch {}
        }
        if (top.keys.has(key)) return pathTo(key);
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === openBrace) frames.push({ keys: new Set(), key: null, expectKey: true });
    else if (c === openBracket) frames.push({ index: 0 });
    else if (c === closeBrace || c === closeBracket) frames.pop();
    else if (c === comma) {
      const top = frames.at(-1);
      if (top && 'index' in top) top.index++;
      else if (top) top.expectKey = true;
    }
  }
  return null;
}

/**
 * The index of the quote closing the JSON string whose opening quote is at `start` (a quote after an odd run of
 * backslashes is escaped), or the text's length when none does.
 */
function stringEnd(text: string, start: number): number {
  for (let end = text.indexOf('"', start + 1); end !== -1; end = text.indexOf('"', end + 1)) {
    let b = end - 1;
    while (b > start && text.charCodeAt(b) === backslash) b--;
    if ((end - 1 - b) % 2 === 0) return end;
  }
  return text.length;
}

/** Whether a backslash lies between `from` and `to` (a key's quotes). */
function escapes(text: string, from: number, to: number): boolean {
  for (let k = from + 1; k < to; k++) if (text.charCodeAt(k) === backslash) return true;
  return false;
}

const quote = 0x22;
const backslash = 0x5c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const comma = 0x2c;
