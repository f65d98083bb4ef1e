// The words of a BODACC notice that name a proceeding's kind, read by the BODACC import (open-data/bodacc/natures.ts,
// timeline.ts) and by the rule of the quotes of the notices the directory holds (citations/records.ts).
import type { proceedingKinds } from './vocabulary.js';

/** The kinds of proceeding a judgment opens or converts to. */
export type Kind = Extract<
  (typeof proceedingKinds)[number],
  'sauvegarde' | 'redressement_judiciaire' | 'liquidation_judiciaire'
>;

/** A notice's text folded for comparison: accents, case, apostrophes and runs of spaces aside. */
export const fold = (s: string) =>
  s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[’`]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();

/** The words that name each kind in a notice's text, in the order they are looked for (folded as `fold`). */
export const kindWords: [Kind, string[]][] = [
  ['liquidation_judiciaire', ['liquidation judiciaire']],
  ['redressement_judiciaire', ['redressement judiciaire', 'plan de redressement']],
  ['sauvegarde', ['sauvegarde']],
];

/** The kind a text names (`kindWords`, the first found), or null: a notice's own words when its opening is unknown. */
export function kindNamedIn(text: string): Kind | null {
  const words = fold(text);
  return kindWords.find(([, named]) => named.some((w) => words.includes(w)))?.[0] ?? null;
}
