// Measuring the practitioner reader against a labelled set of notice texts: precision and recall of the
// (role, person) pairs it finds. A pair is the role and the person's name key (words folded and sorted, so the
// order « NOM Prénom » or « Prénom NOM » does not matter); a designation of a firm alone counts as the role and
// the firm's key.
import { extractPractitioners, type PractitionerRole } from './practitioners.js';
import { firmKey, personKey } from './text.js';

/** One labelled notice text: what a careful reader finds designated in it. */
export interface LabelledCase {
  id: string;
  text: string;
  expected: { role: PractitionerRole; person: string | null; firm: string | null; city: string | null }[];
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
