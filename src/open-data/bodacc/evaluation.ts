// Measuring the practitioner reader against a labelled set of notice texts: precision and recall of the
// (role, person) pairs it finds. A pair is the role and the person's name key (`personKey`: words folded, in their order read as a circle, so the
// order « NOM Prénom » or « Prénom NOM » does not matter); a designation of a firm alone counts as the role and
// the firm's key.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { issueInWords } from '../../domain/issues.js';
import { practitionerRoles } from '../../domain/vocabulary.js';
import { extractPractitioners, type PractitionerRole } from './practitioners.js';
import { firmKey, personKey } from './text.js';

/** One labelled notice text: what a careful reader finds designated in it. */
export interface LabelledCase {
  id: string;
  text: string;
  expected: { role: PractitionerRole; person: string | null; firm: string | null; city: string | null }[];
}

const labelledFileSchema = z.object({
  cases: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      expected: z.array(
        z.object({
          role: z.enum(practitionerRoles),
          person: z.string().nullable(),
          firm: z.string().nullable(),
          city: z.string().nullable(),
        }),
      ),
    }),
  ),
});

/** A labelled file that cannot be read, parsed or is not a set of cases; the message is one line naming the file. */
export class LabelledFileError extends Error {}

/**
 * The cases of a labelled file (`{ "cases": [{ id, text, expected: [{ role, person, firm, city }] }] }`, UTF-8
 * JSON). Throws LabelledFileError, one line naming the file: missing or unreadable, not JSON (with the line and
 * column of the fault), or not cases (with the path of the first wrong value, `cases.3.expected.0.role`).
 */
export function readLabelledFile(file: string): LabelledCase[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LabelledFileError(
      `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? (error as Error).message})`}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const fault = jsonFault(text, (error as Error).message);
    const where = lineAndColumn(text, fault.at);
    throw new LabelledFileError(`${file}: ${where}is not valid JSON: ${fault.what}`);
  }
  const parsed = labelledFileSchema.safeParse(data, { error: issueInWords });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.') || 'the file';
    throw new LabelledFileError(`${file}: ${path}: ${issue.message} (expected { "cases": [{ id, text, expected }] })`);
  }
  return parsed.data.cases;
}

/**
 * Where text that JSON.parse refuses goes wrong, and what is there (V8's messages rarely give the position):
 * a scan of JSON's grammar that stops at the first character that cannot come next; V8's `message` (at the end)
 * when the scan finds nothing wrong (an escape it does not check).
 */
function jsonFault(text: string, message: string): { at: number; what: string } {
  let i = 0;
  const space = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw { at: i, what: i >= text.length ? 'the text ends too early' : `${what}, found ${JSON.stringify(text[i])}` };
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          space();
          if (text[i] !== '"') fail('expected a property name in double quotes');
          value();
          space();
          if (text[i] !== ':') fail("expected ':'");
          i++;
        }
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === close) {
          i++;
          return;
        } else fail(`expected ',' or '${close}'`);
      }
    }
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i]! < ' ') fail('expected the string to be closed on its line');
        i += text[i] === '\\' ? 2 : 1;
      }
      if (i >= text.length) fail('expected the string to be closed');
      i++;
      return;
    }
    const token = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!token) fail('expected a value');
    i += token![0].length;
  };
  try {
    value();
    space();
    if (i < text.length) fail('expected the end of the text');
    return { at: text.length, what: message.split('\n')[0]! };
  } catch (fault) {
    return fault as { at: number; what: string };
  }
}

/** « line 3, column 7: » for a position (UTF-16 units) in a text. */
function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}: `;
}

export interface CaseResult {
  id: string;
  /** Pairs found and expected. */
  found: string[];
  expected: string[];
  falsePositives: string[];
  falseNegatives: string[];
}

export interface Evaluation {
  cases: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  /** Cases where the reader and the labels disagree. */
  mistakes: CaseResult[];
}

const pairOf = (p: { role: string; person: string | null; firm: string | null }) =>
  `${p.role} | ${p.person ? personKey(p.person) : `firm: ${firmKey(p.firm ?? '')}`}`;

/** Runs the reader on every case and counts the pairs it gets right, adds and misses. */
export function evaluatePractitioners(cases: LabelledCase[]): Evaluation {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const mistakes: CaseResult[] = [];
  for (const c of cases) {
    const found = [...new Set(extractPractitioners(c.text).practitioners.map(pairOf))];
    const expected = [...new Set(c.expected.map(pairOf))];
    const falsePositives = found.filter((p) => !expected.includes(p));
    const falseNegatives = expected.filter((p) => !found.includes(p));
    tp += found.length - falsePositives.length;
    fp += falsePositives.length;
    fn += falseNegatives.length;
    if (falsePositives.length || falseNegatives.length)
      mistakes.push({ id: c.id, found, expected, falsePositives, falseNegatives });
  }
  return {
    cases: cases.length,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    mistakes,
  };
}
