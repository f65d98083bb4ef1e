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
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = frames.at(-1);
      if (top && 'keys' in top && top.expectKey) {
        const literal = text.slice(i, end + 1);
        let key = literal.slice(1, -1);
        try {
          key = JSON.parse(literal) as string;
        } catch {}
        if (top.keys.has(key)) return pathTo(key);
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === '{') frames.push({ keys: new Set(), key: null, expectKey: true });
    else if (c === '[') frames.push({ index: 0 });
    else if (c === '}' || c === ']') frames.pop();
    else if (c === ',') {
      const top = frames.at(-1);
      if (top && 'index' in top) top.index++;
      else if (top) top.expectKey = true;
    }
  }
  return null;
}
