// A row of the practitioners' list as its import reads it and quotes it (open-data/practitioners/import.ts), and as the rule of record
// quotes reads the quote back (citations/records.ts): the template's columns, a firm's name (its form read by legal-forms.ts),
// and which column each cell of a quote is.

/** The template's columns, in its order; the first five are required in every file. */
import { firmFormNamed, firmFormOf } from './legal-forms.js';
import { inCapitals, usualCase } from './text.js';

export const practitionerColumns = [
  'nom',
  'prenom',
  'profession',
  'source_url',
  'date_releve',
  'structure',
  'forme_juridique',
  'siret_structure',
  'adresse',
  'code_postal',
  'commune',
  'cour_d_appel',
  'bureaux_annexes',
  'telephone',
  'email',
  'site',
  'editeur_source',
  'licence_source',
] as const;

/** The columns telling the page read (its address, the date, who publishes it, its licence): not quoted. */
const sourceColumns = new Set<string>(['source_url', 'date_releve', 'editeur_source', 'licence_source']);

/** The columns a row's quote is made of, in the template's order: its cells, empty ones left out, joined by ` ; `. */
export const quotedColumns = practitionerColumns.filter((c) => !sourceColumns.has(c));

/**
 * A practitioner's name from the list's `prenom` and `nom`: « Prénom Nom », a word written in capitals in its usual
 * case (« Anne-Sophie » and « LEMOINE » → « Anne-Sophie Lemoine », « DE LA TOUR » → « de La Tour »): the columns say
 * which is the surname, so the order is theirs whatever the case.
 */
export function practitionerNameOf(prenom: string, nom: string): string {
  return `${prenom} ${nom}`
    .trim()
    .split(/\s+/)
    .map((word) => (inCapitals(word) ? usualCase(word) : word))
    .join(' ');
}

/**
 * A firm's name from its `structure` and `forme_juridique`, the form read once (domain/legal-forms.ts `firmFormOf`):
 * the structure as written when no form is given or it starts with that form (« SELARL Alpes Mandataires »,
 * « S.E.L.A.R.L. Alpes Mandataires »), else `FORME` before the structure without its form (« Brivet & Associés SCP »
 * or « Brivet & Associés (SCP) » with `SCP` → « SCP Brivet & Associés »). A structure written with another form than
 * `form` is refused by the import (`firmFormsDisagree`); its name here is `FORME structure`.
 */
export function firmNameOf(structure: string, form: string | null | undefined): string {
  const given = form ? (firmFormNamed(form) ?? form.toUpperCase()) : null;
  if (!given) return structure;
  const read = firmFormOf(structure);
  if (read.form !== given) return `${given} ${structure}`;
  return read.first ? structure : `${given} ${read.rest}`;
}

/**
 * Why a row's `structure` and `forme_juridique` contradict each other (« SELARL Alpes Mandataires » given `SELAS`:
 * which is the firm's form is not guessed), or null when they do not (no form in the structure, or the same one).
 */
export function firmFormsDisagree(structure: string, form: string): string | null {
  const given = firmFormNamed(form);
  const written = firmFormOf(structure).form;
  if (!given || !written || written === given) return null;
  return `is ${given}, but structure '${structure}' is written with ${written}: which is the firm's form is not guessed`;
}

const digits = (cell: string) => cell.replace(/\D/g, '').length;

/**
 * What a cell of each optional column looks like, as the import and the API take them: a column whose cells are of
 * a form of their own (`typed`) takes only those, and no other column takes them (a postal code is never a commune).
 */
const cellForms: Record<string, { fits: (cell: string) => boolean; typed: boolean }> = {
  forme_juridique: { fits: (c) => firmFormNamed(c) !== null, typed: true },
  siret_structure: { fits: (c) => /^[\d\s]+$/.test(c) && digits(c) === 14, typed: true },
  code_postal: { fits: (c) => /^\d[\dAB]\d{3}$/.test(c), typed: true },
  telephone: { fits: (c) => /^[+\d(][\d\s.()/+-]*$/.test(c) && digits(c) >= 9, typed: true },
  email: { fits: (c) => /^[^\s@]+@[^\s@]+$/.test(c), typed: true },
  site: { fits: (c) => /^\S+\.\S+$/.test(c) && !c.includes('@'), typed: false },
};

/**
 * The cells of a row's quote (`nom ; prenom ; profession ; …`, import.ts) by column: the first three are the
 * required `nom`, `prenom`, `profession`; the others, empty ones having been left out, are read in the template's
 * order as every column they can be (`cellForms`; a legal form or a SIRET only with a `structure`), each column
 * with the cells it is in some such reading. `masked(cell)`: a cell that may stand in any column (INSEE's mask).
 * Empty when the quote reads as no row of the list.
 */
export function quotedRow(quote: string, masked: (cell: string) => boolean): Map<string, string[]> {
  const cells = quote.split(' ; ').map((c) => c.trim());
  const [nom, prenom, profession, ...rest] = cells;
  const row = new Map<string, string[]>();
  if (!nom || !prenom || !profession) return row;
  const optional = quotedColumns.slice(3);
  const fits = (cell: string, column: string) => {
    if (masked(cell)) return true;
    const form = cellForms[column];
    if (form) return form.fits(cell);
    return !Object.values(cellForms).some((f) => f.typed && f.fits(cell));
  };
  const readings: string[][] = [];
  // Every order-keeping placement of the cells among the columns (at most 11 cells in 11 columns).
  const place = (i: number, from: number, taken: string[]) => {
    if (i === rest.length) {
      const has = (c: string) => taken.includes(c);
      if (has('structure') || !(has('forme_juridique') || has('siret_structure'))) readings.push([...taken]);
      return;
    }
    for (let j = from; j < optional.length; j++)
      if (fits(rest[i]!, optional[j]!)) place(i + 1, j + 1, [...taken, optional[j]!]);
  };
  place(0, 0, []);
  if (!readings.length) return row;
  const add = (column: string, cell: string) => {
    const values = row.get(column) ?? [];
    if (!values.includes(cell)) row.set(column, [...values, cell]);
  };
  add('nom', nom);
  add('prenom', prenom);
  add('profession', profession);
  for (const reading of readings) {
    for (const [i, column] of reading.entries()) add(column, rest[i]!);
  }
  return row;
}
