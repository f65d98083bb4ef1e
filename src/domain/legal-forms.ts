// The abbreviations of French legal forms a company's or a firm's name is written with, declared once: what the
// practitioners' list takes in `forme_juridique`, what a firm's name may start or end with, what Sirene matching
// leaves out of a company's name; and how a form written otherwise (« S.E.L.A.R.L. », « (SELARL) ») is read as
// the form. Words of a name, not reference data of a package: INSEE's legal categories are codes, not these words.

/** The legal forms a practitioners' firm may have (`forme_juridique` of the list), in capitals. */
export const firmForms = [
  'SELARL',
  'SELARLU',
  'SELAS',
  'SELASU',
  'SELAFA',
  'SCP',
  'SAS',
  'SARL',
  'EURL',
  'AARPI',
  'EI',
] as const;

/** The forms a firm's name may carry: `firmForms`, and SELEURL, which notices write for a SELARLU. */
export const firmNameForms: readonly string[] = [...firmForms, 'SELEURL'];

/** Every legal form a company's name may carry (« COMDATA SAS », « Teleperformance SE »), in capitals. */
export const legalForms: readonly string[] = [
  ...firmNameForms,
  'SA',
  'SASU',
  'SARLU',
  'SNC',
  'SCS',
  'SCA',
  'SCI',
  'SCOP',
  'SCIC',
  'SEL',
  'SELCA',
  'SEM',
  'SAEM',
  'SPL',
  'GIE',
  'GIP',
  'EIRL',
  'SE',
];

const legalFormSet: ReadonlySet<string> = new Set(legalForms);
const firmFormSet: ReadonlySet<string> = new Set(firmNameForms);

/**
 * The legal form a `forme_juridique` cell names, in capitals (« selarl », « S.E.L.A.R.L. » → « SELARL »), or null
 * when it is none of `firmForms`.
 */
export function firmFormNamed(cell: string): string | null {
  const form = undottedForms(cell.trim()).toUpperCase();
  return (firmForms as readonly string[]).includes(form) ? form : null;
}

/** Whether a word is a legal form (`legalForms`), case aside. */
export const isLegalForm = (word: string): boolean => legalFormSet.has(word.toUpperCase());

/** Letters each followed by a full stop (« S.E.L.A.R.L. », « S.A.S », « s.c.p. »), as one word. */
const dottedLetters = /(?<![\p{L}\p{N}.])(?:\p{L}\.){1,}\p{L}\.?(?![\p{L}\p{N}])/gu;

/**
 * `text` with every legal form written with full stops written without them, in the case of its letters
 * (« la S.E.L.A.R.L. Alpes Mandataires » → « la SELARL Alpes Mandataires », « S.C.P. » → « SCP »); dotted
 * initials that spell no legal form (« SCP B.T.S.G. », « M.J.A. ») are left as written.
 */
export function undottedForms(text: string): string {
  return text.replace(dottedLetters, (dotted) => {
    const letters = dotted.replace(/\./g, '');
    return legalFormSet.has(letters.toUpperCase()) ? letters : dotted;
  });
}

/**
 * A firm's name as written and the legal form it carries, read once wherever it stands: first (« SELARL Alpes
 * Mandataires »), last (« Alpes Mandataires SELARL »), in parentheses at the end (« Alpes Mandataires (SELARL) »),
 * written with full stops (« S.E.L.A.R.L. Alpes Mandataires »). `form`: the form in capitals (one of
 * `firmNameForms`), null when none is written; `rest`: the name without it, as written (« Alpes Mandataires »,
 * guillemets and all), the whole name when it is nothing but a form; `first`: whether the form comes first.
 */
export function firmFormOf(name: string): { form: string | null; rest: string; first: boolean } {
  const written = undottedForms(name).trim();
  const first = /^(\p{L}+)[\s,]+(.+)$/su.exec(written);
  if (first && firmFormSet.has(first[1]!.toUpperCase()))
    return { form: first[1]!.toUpperCase(), rest: first[2]!.trim(), first: true };
  const last = /^(.+?)[\s,]+\((\p{L}+)\)$/su.exec(written) ?? /^(.+?)[\s,]+(\p{L}+)$/su.exec(written);
  if (last && firmFormSet.has(last[2]!.toUpperCase()))
    return { form: last[2]!.toUpperCase(), rest: last[1]!.trim(), first: false };
  return { form: null, rest: name.trim(), first: false };
}
