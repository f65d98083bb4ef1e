// What a judgment's nature means for a proceeding, classified as the State's own pipeline does it
// (annuaire-entreprises search-infra, workflows/data_pipelines/bodacc, rule.yml): the first rule whose nature
// matches exactly wins; the « Autre jugement … » natures also look for words in `complementJugement`. Natures
// are compared folded (case, accents, apostrophes), so that a repaired or retyped one still matches.
import { fold, type Kind, kindWords } from '../../domain/proceeding-words.js';

/**
 * - `status`: the proceeding is (or becomes) of `kind`: an opening, an extension, a conversion, a reprise, a resolution of
 *   the plan;
 * - `closure`: it ends (clôture, or a judgment putting an end to it), its nature kept;
 * - `event`: a judgment of its life that changes neither (a plan, a designation, a filing);
 * - `withdrawal`: a rétractation sur tierce opposition, which withdraws the judgment its notice targets;
 * - `unknown`: a nature no rule knows: kept as written and reported.
 */
export type NatureEffect = 'status' | 'closure' | 'event' | 'withdrawal' | 'unknown';

export interface Classification {
  kind: Kind | null;
  effect: NatureEffect;
}

/** Folded natures and families (a small vocabulary, read for every notice), emptied past 10,000 of them. */
const foldedWords = new Map<string, string>();
/** `fold` of a nature or a family (short texts that repeat), remembered. */
function foldWords(s: string): string {
  let folded = foldedWords.get(s);
  if (folded === undefined) {
    if (foldedWords.size >= 10_000) foldedWords.clear();
    folded = fold(s);
    foldedWords.set(s, folded);
  }
  return folded;
}

const rules: [Kind, NatureEffect, string[]][] = [
  [
    'liquidation_judiciaire',
    'status',
    [
      "Jugement d'ouverture de liquidation judiciaire",
      "Jugement d'extension de liquidation judiciaire",
      'Jugement de conversion en liquidation judiciaire',
      'Jugement de conversion en liquidation judiciaire de la procédure de sauvegarde',
      'Jugement de conversion en liquidation judiciaire de la procédure de sauvegarde financière accélérée',
      'Jugement prononçant la résolution du plan de sauvegarde et la liquidation judiciaire',
      'Jugement prononçant la résolution du plan de sauvegarde accélérée et la liquidation judiciaire',
      'Jugement prononçant la résolution du plan de sauvegarde financière accélérée et la liquidation judiciaire',
      'Jugement prononçant la résolution du plan de cession et la liquidation judiciaire',
      'Jugement prononçant la résolution du plan de traitement de sortie de crise et la liquidation judiciaire',
      'Jugement mettant fin à la procédure de traitement de sortie de crise et ouvrant une procédure de liquidation judiciaire',
      'Jugement de reprise de la procédure de liquidation judiciaire',
    ],
  ],
  [
    'redressement_judiciaire',
    'status',
    [
      "Jugement d'ouverture d'une procédure de redressement judiciaire",
      "Jugement d'extension d'une procédure de redressement judiciaire",
      'Jugement prononçant la résolution du plan de sauvegarde et le redressement judiciaire',
      'Jugement de conversion en redressement judiciaire de la procédure de sauvegarde',
      'Jugement de conversion en redressement judiciaire de la procédure de sauvegarde financière accélérée',
      'Jugement mettant fin à la procédure de traitement de sortie de crise et ouvrant une procédure de redressement judiciaire',
    ],
  ],
  [
    'sauvegarde',
    'status',
    [
      "Jugement d'ouverture d'une procédure de sauvegarde",
      "Jugement d'extension d'une procédure de sauvegarde",
      "Jugement d'ouverture d'une procédure de sauvegarde accélérée",
      "Jugement d'ouverture d'une procédure de sauvegarde financière accélérée",
    ],
  ],
];

/** Natures that change neither the kind nor the state (rule.yml's `null` rules, and third-party ones). */
const events = [
  'Jugement de plan de redressement',
  'Jugement prononçant la résolution du plan de sauvegarde',
  'Autre jugement de liquidation des biens',
  "Autre arrêt de la Cour d'Appel",
  "Arrêt de la cour d'appel infirmant une décision soumise à publicité",
  "Jugement d'ouverture d'une procédure de traitement de sortie de crise",
  'Jugement de désignation des organes de la procédure',
  'Jugement accordant un délai pour déposer la liste des créances',
  "Dépôt de l'état des créances (Loi de 1985)",
  "Dépôt de l'état de collocation",
  'Dépôt du projet de répartition',
  "Dépôt de l'état des créances et du projet de répartition",
  "Liste des créances nées après le jugement d'ouverture d'une procédure de liquidation judiciaire",
  "Liste des créances nées après le jugement d'ouverture d'une procédure de redressement judiciaire",
  'Autre avis de dépôt',
  'Autre jugement prononçant',
  "Autre jugement d'ouverture",
  'Jugement arrêtant le plan de redressement',
  'Jugement arrêtant le plan de sauvegarde',
  'Jugement arrêtant un plan de cession',
  'Jugement arrêtant le plan de cession',
  'Jugement modifiant le plan de continuation',
  'Jugement modifiant le plan de redressement',
  'Jugement modifiant le plan de sauvegarde',
  'Jugement prononçant la faillite personnelle',
  "Jugement prononçant l'interdiction de gérer",
];

const closures = [
  'Jugement de clôture de la procédure de sauvegarde',
  'Jugement prononçant la clôture de la procédure de rétablissement professionnel',
  'Autre jugement de clôture',
  'Jugement mettant fin à la procédure de redressement judiciaire',
  'Jugement mettant fin à la procédure de sauvegarde',
];

const byNature = new Map<string, Classification>();
for (const [kind, effect, natures] of rules) for (const n of natures) byNature.set(fold(n), { kind, effect });
for (const n of events) byNature.set(fold(n), { kind: null, effect: 'event' });
for (const n of closures) byNature.set(fold(n), { kind: null, effect: 'closure' });

/** The « Autre jugement … » natures whose complement decides, and the words it is searched for, in order. */
const otherJudgments = new Set([fold('Autre jugement prononçant'), fold("Autre jugement d'ouverture")]);
const complementRules: [string, Kind][] = [
  ['liquidation judiciaire', 'liquidation_judiciaire'],
  ['redressement judiciaire', 'redressement_judiciaire'],
  ['sauvegarde', 'sauvegarde'],
];

/**
 * How a judgment of `status` carries on a proceeding begun before it rather than opening one, or null (an opening):
 * - `conversion`: it converts its proceeding into another kind (« Jugement de conversion en liquidation judiciaire »,
 *   « … en redressement judiciaire de la procédure de sauvegarde »), a change of a proceeding under way;
 * - `reprise`: it resumes a liquidation closed for insufficient assets (« Jugement de reprise de la procédure de
 *   liquidation judiciaire », C. com. L.643-13): the same proceeding, its closure lifted.
 * Read from the nature, and for the « Autre jugement prononçant / d'ouverture » natures (whose complement decides their
 * kind) from the complement too: « Jugement prononçant la reprise de la procédure de liquidation judiciaire ». An
 * opening, an extension (the proceeding of another company extended to this one: its start here) and a résolution du
 * plan (which opens a new proceeding, L.626-27) are none.
 */
export function continuation(judgment: {
  nature: string | null;
  complement?: string | null;
}): 'conversion' | 'reprise' | null {
  const nature = foldWords(judgment.nature ?? '');
  const words = otherJudgments.has(nature) ? fold(judgment.complement ?? '') : nature;
  if (nature.startsWith('jugement de conversion') || /\bconversion (?:en|de la)\b/.test(words)) return 'conversion';
  if (/\breprise de la procedure\b/.test(words)) return 'reprise';
  return null;
}

/**
 * The meaning of a judgment for its proceeding, from its `famille`, `nature` and `complementJugement`: every
 * « Jugement de clôture … » (or a famille of clôture) closes; the natures of rule.yml open or convert; « Autre
 * jugement prononçant / d'ouverture » takes the kind its complement names (liquidation judiciaire, redressement
 * judiciaire, sauvegarde), else changes nothing; any other nature is `unknown`.
 */
export function classifyJudgment(judgment: {
  family: string | null;
  nature: string | null;
  complement: string | null;
}): Classification {
  const nature = foldWords(judgment.nature ?? '');
  const family = foldWords(judgment.family ?? '');
  if (isRetraction(judgment)) return { kind: null, effect: 'withdrawal' };
  if (nature.startsWith('jugement de cloture') || family.includes('jugement de cloture'))
    return { kind: null, effect: 'closure' };
  if (otherJudgments.has(nature)) {
    const complement = fold(judgment.complement ?? '');
    const found = complementRules.find(([words]) => complement.includes(words));
    if (found) return { kind: found[1], effect: 'status' };
  }
  return byNature.get(nature) ?? { kind: null, effect: 'unknown' };
}

/**
 * The words of a judgment that say its proceeding is of `kind`, verbatim, for the kind's citation: its nature when
 * the nature names the kind (or no words of the kind appear anywhere: a nature of rule.yml says the kind by itself),
 * else the sentence of its complement that names it (« Jugement prononçant la clôture de la procédure de liquidation
 * judiciaire pour insuffisance d'actif. »): never a nature that does not say it.
 */
export function kindQuote(judgment: { nature: string | null; complement: string | null }, kind: Kind): string | null {
  const named = kindWords.find(([k]) => k === kind)?.[1] ?? [];
  const says = (text: string) => named.some((w) => fold(text).includes(w));
  if (judgment.nature && says(judgment.nature)) return judgment.nature;
  const sentence = judgment.complement?.split(/(?<=\.)\s+/).find(says);
  return sentence ?? judgment.nature ?? judgment.complement;
}

/** Whether the judgment withdraws the one its notice targets: « Rétractation sur tierce opposition ». */
export function isRetraction(judgment: { family: string | null; nature: string | null }): boolean {
  return foldWords(`${judgment.family ?? ''} ${judgment.nature ?? ''}`).includes('retractation sur tierce opposition');
}

/** Families the State's pipeline leaves out of a company's status (filings of claims, miscategorised extracts). */
export function isStatusNeutralFamily(family: string | null): boolean {
  const f = foldWords(family ?? '');
  return f === 'avis de depot' || f === 'extrait de jugement' || f === 'loi de 1967';
}
