// What the CLIs print: each line through `visible` (domain/text.ts), so that the text of a file (a value, a
// column's name, a nature, a quote) is read on the terminal, never obeyed: « \u001b[2J » is printed as written, it
// does not clear the screen. Cells quoted in a line are cut with `bounded` (200 characters) where they are quoted.
import { visible } from '../domain/text.js';

/**
 * Writes `lines` to `stream` (stdout or stderr), each `visible` (a control character, a line break within a line
 * included, as an escape) and ended by a line break.
 */
export function printLines(stream: NodeJS.WritableStream, lines: readonly string[]): void {
  if (lines.length) stream.write(lines.map((line) => `${visible(line)}\n`).join(''));
}
