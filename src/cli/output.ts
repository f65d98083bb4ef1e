// What the CLIs print: each line through `visible` (domain/text.ts), so that the text of a file (a value, a
// column's name, a nature, a quote) is read on the terminal, never obeyed: « \u001b[2J » is printed as written, it
// does not clear the screen. Cells quoted in a line are cut with `bounded` (200 characters) where they are quoted.
// A message of the program's own keeps its line breaks (`ownLines`): only what a file holds is escaped.
import { once } from 'node:events';
import { visible } from '../domain/text.js';

/**
 * Writes `lines` to `stream` (stdout or stderr), each `visible` (a control character, a line break within a line
 * included, as an escape) and ended by a line break. Resolves once the stream takes more: Node writes to a pipe
 * asynchronously, queueing in memory what the reader has not read yet, so a CLI printing a line per bad row awaits it
 * (a million lines are not queued), and exits through `exitUnlessInterrupted`, which lets the queue drain first.
 */
export async function printLines(stream: NodeJS.WritableStream, lines: readonly string[]): Promise<void> {
  if (lines.length && !stream.write(lines.map((line) => `${visible(line)}\n`).join(''))) await once(stream, 'drain');
}

/**
 * The lines of a message of the program's own (its words, Node's, PostgreSQL's, the configuration's « Invalid
 * configuration: » and its list): its line breaks kept as line breaks, for printLines, rather than printed
 * `\u000a`. Text of a file quoted in such a message is escaped where it is quoted (`bounded`), so it holds none.
 */
export function ownLines(message: string): string[] {
  return message.split(/\r?\n/);
}
