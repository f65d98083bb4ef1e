// One BODACC notice of the Opendatasoft export, as the CSV, JSON or JSON-lines file gives it, read into what the
// import needs: its identity (publication, parution, number, BODACC id), its type (annonce, rectificatif,
// annulation), the companies it names (SIREN, name), its judgment (famille, nature, date, complement), its court,
// and the notice it corrects. The JSON held in cells (`listepersonnes`, `jugement`, `parutionavisprecedent`) is
// parsed; text wrongly decoded upstream (« clÃ´ture ») is repaired; dates are read in the four ways BODACC writes
// them. Pure functions: a malformed row is an error naming its field.
import { z } from 'zod';
import { normaliseCourt } from '../../domain/courts.js';
import { isToCome, yearMeant } from '../../domain/fields.js';
import { frenchMonths } from '../../domain/french-months.js';
import { isValidSiren } from '../../domain/identifiers.js';
import { issueInWords, tooLong } from '../../domain/issues.js';
import { repeatedKey } from '../../domain/repeated-keys.js';
import { normalized, textRefusal } from '../../domain/text.js';
import { repairedCell } from '../../import/encoding.js';

/** A company a notice names (`listepersonnes.personne`). */
export interface NoticeCompany {
  siren: string;
  /** The name as written: `denomination`, else `nomCommercial`, else `prenom nom`. */
  name: string;
  /** The SIREN as written (« 833 310 592 »), for the quote. */
  sirenAsWritten: string;
  /**
   * Whether the notice says the company is a natural person (`isNaturalPerson`: a sole trader, whose company's name
   * is his own); absent for a notice stored before it was kept.
   */
  natural?: boolean;
}

export interface Notice {
  /** BODACC's id: `A202002333642`. */
  id: string;
  publication: 'A' | 'B' | 'C';
  parution: string;
  number: number;
  /** `YYYY-MM-DD`. */
  publishedOn: string;
  type: 'annonce' | 'rectificatif' | 'annulation';
  family: string | null;
  familyLabel: string | null;
  companies: NoticeCompany[];
  judgment: {
    family: string | null;
    nature: string | null;
    /** `YYYY-MM-DD`, or null when absent or unreadable (`dateAsWritten` keeps it). */
    date: string | null;
    dateAsWritten: string | null;
    complement: string | null;
  };
  court: string | null;
  courtAsWritten: string | null;
  /** The notice a rectificatif or annulation targets (`parutionavisprecedent`), as a BODACC id. */
  targetId: string | null;
  url: string;
}

/** What is wrong with a row: the field and why. */
export interface NoticeError {
  field: string;
  message: string;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The months folded as `fold` folds what is read: `fevrier`, `aout`, `decembre`. */
const months = frenchMonths.map(fold);

/**
 * A judgment date as BODACC writes it (`2022-01-27`, `27/01/2022`, `27 novembre 2008`, `1er janvier 2020`,
 * non-breaking spaces allowed) as `YYYY-MM-DD`; null when it is none of these, or not a real date, or its year is
 * one no one meant (`yearMeant`, domain/fields.ts: `0009-12-02`, `5025-05-27`). A date to come is read: its caller says
 * why it cannot be (a judgment after its notice's publication, `judgmentDateFault`; a publication to come, `readNotice`).
 */
export function parseBodaccDate(written: string): string | null {
  const text = fold(written.replace(/[\u00a0\u202f]/g, ' ')).trim();
  const iso = text.match(/^(\d{4})-(\d{2})-(\d{2})(?:t.*)?$/);
  const slashes = text.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
  const words = text.match(/^(\d{1,2})(?:er)?\s+([a-z]+)\s+(\d{4})$/);
  let parts: [number, number, number];
  if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (slashes) parts = [Number(slashes[3]), Number(slashes[2]), Number(slashes[1])];
  else if (words && months.includes(words[2]!))
    parts = [Number(words[3]), months.indexOf(words[2]!) + 1, Number(words[1])];
  else return null;
  const [y, m, d] = parts;
  if (!yearMeant(y)) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A notice's judgment date (`parseBodaccDate`), null also when it falls after the notice's own publication
 * (`publishedOn`, `YYYY-MM-DD`): a notice reports a judgment already pronounced, so a later date is a typo (2024-12-01
 * for 2024-01-12), not read and reported as the other absurd dates are (`judgmentDateFault` says why).
 */
export function judgmentDate(written: string | null, publishedOn: string): string | null {
  const date = written ? parseBodaccDate(written) : null;
  return date && date > publishedOn ? null : date;
}

/** Why a judgment date written was not read: after the notice's publication, or not a date (see `judgmentDate`). */
export function judgmentDateFault(written: string, publishedOn: string): string {
  const date = parseBodaccDate(written);
  return date && date > publishedOn ? `after its publication (${publishedOn})` : 'not a date';
}

/**
 * The longest a text the import reads may be, in characters: checked before anything else is read of it (so that no
 * message repeats a huge cell), with the characters the directory keeps in no text (control characters, lone
 * surrogates: `cellRefusal`; a line break is read in `complementJugement` alone). Well above real notices: codes and numbers (`id`, `dateparution`, `numeroIdentification`…) are at
 * most 20 characters; names, courts, labels and natures well under 300, the most the API takes for a name, a court or
 * a nature; a link under 200; a `complementJugement` a few thousand (its bound is twice the 100,000 the
 * practitioners' reader reads); a JSON cell, parsed whole, a few thousand too (its bound, 10 million, only keeps a
 * row's memory bounded: the texts read in it have their own).
 */
export const textBounds = { code: 100, label: 300, url: 2_000, complement: 200_000, jsonCell: 10_000_000 } as const;

/** The plain cells read of every row, with their bounds: those telling the notice's family. */
const familyCellBounds: Record<string, number> = { familleavis: textBounds.code, familleavis_lib: textBounds.label };

/** The other plain cells the import reads (of a notice of the « Procédures collectives »), with their bounds. */
const noticeCellBounds: Record<string, number> = {
  id: textBounds.code,
  publicationavis: textBounds.code,
  parution: textBounds.code,
  dateparution: textBounds.code,
  numeroannonce: textBounds.code,
  typeavis: textBounds.code,
  tribunal: textBounds.label,
  url_complete: textBounds.url,
};

/** What `textLeaf` adds to an issue of its own (a text PostgreSQL cannot store, or too long): told as it is. */
const textRefused = { textRefused: true } as const;

/**
 * A text leaf of the export: a string of at most `max` characters the directory keeps (`repairedCell`: no control
 * character, one line unless `multiLine`), given as its mojibake is repaired (once: `built` reads it as it is), or
 * absent (null, missing).
 */
const textLeaf = (max: number = textBounds.label, multiLine: boolean | 'verbatim' = false) =>
  z
    .string()
    .transform((value, ctx) => {
      const { text, refusal } = repairedCell(value, max, multiLine);
      if (refusal) ctx.addIssue({ code: 'custom', message: refusal, input: value, params: textRefused });
      return text;
    })
    .nullish();
/** The control characters JSON takes neither raw in a string nor as spaces between its tokens. */
const rawControls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

/** A number the export writes as text or as a number (`numeroAnnonce`, `numeroParution`). */
const numberLeaf = z.union([
  z
    .string()
    .max(textBounds.code)
    .regex(/^\s*\d+\s*$/, 'expected digits'),
  z.number().int().nonnegative(),
]);

/** A text leaf of a JSON cell the import reads (`textLeaf`): its bound, and whether it may hold line breaks. */
interface Leaf {
  max: number;
  multiLine: boolean | 'verbatim';
}
const leaf = (max: number = textBounds.label, multiLine: boolean | 'verbatim' = false): Leaf => ({ max, multiLine });
/** The text leaves an object of a JSON cell holds, by key, and the objects it holds (each absent, or such leaves). */
type Leaves = Record<string, Leaf | Record<string, Leaf>>;
const isLeaf = (spec: Leaf | Record<string, Leaf>): spec is Leaf => typeof spec.max === 'number';
/** The zod shape of `Leaves`: a loose object, each leaf a `textLeaf`, each object held a loose object or nothing. */
type LeavesShape<L extends Leaves> = z.ZodObject<
  {
    [K in keyof L]: L[K] extends Leaf
      ? ReturnType<typeof textLeaf>
      : z.ZodOptional<z.ZodNullable<z.ZodObject<{ [J in keyof L[K]]: ReturnType<typeof textLeaf> }, z.core.$loose>>>;
  },
  z.core.$loose
>;
function leavesShape<L extends Leaves>(leaves: L): LeavesShape<L> {
  const shapeOf = (of: Record<string, Leaf>) =>
    Object.fromEntries(Object.entries(of).map(([k, l]) => [k, textLeaf(l.max, l.multiLine)]));
  return z.looseObject(
    Object.fromEntries(
      Object.entries(leaves).map(([k, spec]) => [
        k,
        isLeaf(spec) ? textLeaf(spec.max, spec.multiLine) : z.looseObject(shapeOf(spec)).nullish(),
      ]),
    ),
  ) as unknown as LeavesShape<L>;
}
/** An object as zod's takes one: not null, not a list. */
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/**
 * Whether `value` is an object `leavesShape(leaves)` takes, every leaf absent or a text `repairedCell` keeps, each such
 * leaf replaced in `value` by its repaired text as `textLeaf` gives it (a leaf repaired is repaired again by nothing,
 * so zod, reading it after a later leaf is refused, words the same): the common case, told without zod's cost (a
 * third of a notice's reading); anything else goes through zod, which words what is wrong.
 */
function holdsLeaves(value: unknown, leaves: Leaves): boolean {
  if (!isObject(value)) return false;
  for (const key in leaves) {
    const spec = leaves[key]!;
    const held = value[key];
    if (held === undefined || held === null) continue;
    if (!isLeaf(spec)) {
      if (!holdsLeaves(held, spec)) return false;
      continue;
    }
    if (typeof held !== 'string') return false;
    const { text, refusal } = repairedCell(held, spec.max, spec.multiLine);
    if (refusal !== null) return false;
    if (text !== held) value[key] = text;
  }
  return true;
}

/** A person of `listepersonnes`: the leaves the import reads (the others are let through, unread). */
const personLeaves = {
  typePersonne: leaf(textBounds.code),
  denomination: leaf(),
  nomCommercial: leaf(),
  prenom: leaf(),
  nom: leaf(),
  nomUsage: leaf(),
  numeroImmatriculation: { numeroIdentification: leaf(textBounds.code) },
  inscriptionRM: { numeroIdentificationRM: leaf(textBounds.code) },
  personneMorale: { denomination: leaf() },
};
const personShape = leavesShape(personLeaves);
/** The leaves of `jugement` the import reads. */
const judgmentLeaves = {
  type: leaf(),
  famille: leaf(),
  nature: leaf(),
  date: leaf(textBounds.code),
  complementJugement: leaf(textBounds.complement, 'verbatim'),
};

/**
 * The shapes of the cells holding JSON (open-data-formats.md, 2.3), each with what it is said to be when a cell does
 * not hold it. `personne` is one object or an array of them (read as an array); leaves may be absent.
 */
const jsonCells = {
  listepersonnes: {
    shape: z.looseObject({
      personne: z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(personShape).min(1)),
    }),
    // What the shape gives of a cell holding only what it takes (`holdsLeaves`), else null.
    taken: (value: unknown) => {
      if (!isObject(value)) return null;
      const personne = Array.isArray(value.personne) ? value.personne : [value.personne];
      return personne.length && personne.every((p) => holdsLeaves(p, personLeaves)) ? { ...value, personne } : null;
    },
    expected: 'a list of persons {"personne": {…} or [{…}, …]}',
    required: true,
  },
  jugement: {
    shape: leavesShape(judgmentLeaves),
    taken: (value: unknown) => (holdsLeaves(value, judgmentLeaves) ? value : null),
    expected: 'a judgment {famille, nature, date, complementJugement} of texts',
    required: false,
  },
  parutionavisprecedent: {
    shape: z.looseObject({
      nomPublication: z
        .string()
        .max(textBounds.code)
        .regex(/(^|\s)[ABC]\s*$/i, "expected 'BODACC A', 'BODACC B' or 'BODACC C'"),
      numeroParution: numberLeaf,
      numeroAnnonce: numberLeaf,
    }),
    expected: 'the notice corrected {nomPublication, numeroParution, numeroAnnonce}',
    required: false,
  },
} as const;

type JsonCells = { [K in keyof typeof jsonCells]: z.infer<(typeof jsonCells)[K]['shape']> | null };

/**
 * The plain cells the import reads beside those checked one by one (`id`, `dateparution`, `typeavis`): their type
 * (their text was checked first, `noticeCellBounds`).
 */
const plainText = z.string().nullish();
const plainCells = z.looseObject({
  publicationavis: z
    .string()
    .regex(/^\s*[ABCabc]?\s*$/, 'is not A, B or C')
    .nullish(),
  parution: z.union([plainText, z.number()]),
  numeroannonce: z.union([plainText, z.number()]),
  familleavis: plainText,
  familleavis_lib: plainText,
  tribunal: plainText,
  url_complete: plainText,
});

/** A zod issue (worded by `issueInWords`) as the end of a row's error: where in the cell, and what is wrong. */
const issueText = (issue: z.core.$ZodIssue) =>
  `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`;

/**
 * The cell `field` of a record holding JSON (CSV, and the JSON exports too: a string, or an object already parsed),
 * checked against its shape (`jsonCells`): null when empty (an error when the cell is required); an error naming the
 * field and what was expected when it is not JSON or not of its shape.
 */
function jsonCell<K extends keyof typeof jsonCells>(
  record: Record<string, unknown>,
  field: K,
  errors: NoticeError[],
): JsonCells[K] {
  const { shape, expected, required } = jsonCells[field];
  let value = record[field];
  if (typeof value === 'string' && value.length > textBounds.jsonCell) {
    errors.push({ field, message: tooLong(value.length, textBounds.jsonCell) });
    return null;
  }
  if (typeof value === 'string' && value.trim()) {
    const written = value;
    try {
      // A control character written as such (JSON writes it escaped, `\u001b`), other than the tab, line break and
      // carriage return JSON takes as spaces between its tokens, is read as if escaped: refused below, at its place in
      // the cell (`jugement.nature`).
      value = JSON.parse(written.replace(rawControls, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
    } catch (error) {
      const message = textRefusal(written, 'verbatim') ?? `is not valid JSON (${(error as Error).message})`;
      errors.push({ field, message });
      return null;
    }
    // A key given twice in the cell: which of its values the notice states cannot be told (domain/repeated-keys.ts).
    const twice = repeatedKey(written);
    if (twice !== null) {
      errors.push({ field: `${field}.${twice}`, message: 'is given twice in this cell' });
      return null;
    }
  }
  if (value === null || value === undefined || value === '') {
    if (required) errors.push({ field, message: `is empty where ${expected} is expected` });
    return null;
  }
  const taken = 'taken' in jsonCells[field] ? jsonCells[field].taken(value) : null;
  if (taken) return taken as JsonCells[K];
  const parsed = shape.safeParse(value, { error: issueInWords });
  if (!parsed.success) {
    // A text of the cell PostgreSQL cannot store, or too long, is told at its place in the cell (`jugement.date`).
    const refused = parsed.error.issues.filter((i) => i.code === 'custom' && i.params?.textRefused);
    for (const issue of refused) errors.push({ field: [field, ...issue.path].join('.'), message: issue.message });
    if (!refused.length) errors.push({ field, message: `is not ${expected} (${issueText(parsed.error.issues[0]!)})` });
    return null;
  }
  return parsed.data as JsonCells[K];
}

/**
 * A text of the export as stored: trimmed, in NFC, null when empty. Given repaired already (`repairedCell`, once, where
 * its cell or leaf is checked: `textLeaf`, `holdsLeaves`, `readNotice`'s `refused`), it is not repaired again.
 */
const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() ? normalized(value).trim() : null;

/**
 * A cell's value as the message refusing it names it: a text quoted as written (`'A2024'`), a value of another JSON
 * type by its type and value (`the number 12345`, `true`, `an object`, `a list`), nothing as `nothing`.
 */
function given(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'nothing';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return Array.isArray(value) ? 'a list' : 'an object';
}

/** The end of a refusal of a cell that must be a text: what a number or other JSON value was given as. */
const notText = (value: unknown) =>
  value !== undefined && value !== null && typeof value !== 'string' ? ': it must be a text (in quotes)' : '';

const digits = (value: unknown) => (typeof value === 'string' ? value.replace(/\D/g, '') : '');

/**
 * The companies of `listepersonnes` (`personne` one object or an array), those with a valid SIREN. A name made of
 * `prenom` and `nom` longer than a name may be is an error (each is bounded alone, `textBounds`).
 */
function companiesOf(
  list: JsonCells['listepersonnes'],
  registre: string[],
  errors: NoticeError[],
): {
  companies: NoticeCompany[];
  withoutSiren: PersonLeftOut[];
  nameless: NamelessCompany[];
  malformed: MalformedSiren[];
  naturalPersons: string[];
} {
  const companies: NoticeCompany[] = [];
  const naturalPersons: string[] = [];
  const nameless: NamelessCompany[] = [];
  const malformed: MalformedSiren[] = [];
  /** Named persons whose SIREN the person does not give (no `numeroImmatriculation`), with their place. */
  const unnumbered: { name: string; field: string; natural: boolean }[] = [];
  const withoutSiren: PersonLeftOut[] = [];
  for (const [i, p] of (list?.personne ?? []).entries()) {
    const written =
      text(p.numeroImmatriculation?.numeroIdentification) ?? text(p.inscriptionRM?.numeroIdentificationRM);
    const siren = digits(written ?? '');
    const natural = [text(p.prenom), text(p.nomUsage) ?? text(p.nom)].filter(Boolean).join(' ');
    const name =
      text(p.denomination) ?? text(p.personneMorale?.denomination) ?? text(p.nomCommercial) ?? (natural || null);
    if (name && name.length > textBounds.label) {
      const message = `with prenom, makes a name longer than ${textBounds.label} characters`;
      errors.push({ field: `listepersonnes.personne.${i}.nom`, message });
      continue;
    }
    const validSiren = siren.length === 9 && isValidSiren(siren) && written !== null;
    if (written !== null && !validSiren) {
      // A SIREN given but malformed (a typo): said with its value, not counted among persons without SIREN.
      const field = p.numeroImmatriculation?.numeroIdentification
        ? `listepersonnes.personne.${i}.numeroImmatriculation.numeroIdentification`
        : `listepersonnes.personne.${i}.inscriptionRM.numeroIdentificationRM`;
      const fault =
        siren.length !== 9
          ? 'not 9 digits'
          : /^0+$/.test(siren)
            ? 'all zeros, which INSEE never attributes'
            : 'its check digit is wrong';
      malformed.push({ field, written, fault });
      continue;
    }
    if (validSiren && !name) {
      // A company by its SIREN, but without the name an entry needs: said, not counted among persons without SIREN.
      nameless.push({ field: `listepersonnes.personne.${i}`, siren });
      continue;
    }
    if (!validSiren || !name) {
      const field = `listepersonnes.personne.${i}`;
      if (name && !written) unnumbered.push({ name, field, natural: isNaturalPerson(p) });
      withoutSiren.push({ field, reason: leftOutReason(written, name) });
      continue;
    }
    const isNatural = isNaturalPerson(p);
    if (!companies.some((c) => c.siren === siren)) {
      companies.push({ siren, name, sirenAsWritten: written, natural: isNatural });
    }
    if (isNatural && !naturalPersons.includes(siren)) naturalPersons.push(siren);
  }
  // The one named person without a SIREN of a notice whose `registre` gives one SIREN: that company (the export's
  // own SIREN of the notice). With several of either, which is which is not guessed.
  if (!companies.length && unnumbered.length === 1 && registre.length === 1) {
    const [{ name, field, natural }] = unnumbered as [{ name: string; field: string; natural: boolean }];
    companies.push({ siren: registre[0]!, name, sirenAsWritten: registre[0]!, natural });
    if (natural) naturalPersons.push(registre[0]!);
    withoutSiren.splice(
      withoutSiren.findIndex((p) => p.field === field),
      1,
    );
  }
  return { companies, withoutSiren, nameless, malformed, naturalPersons };
}

/**
 * Whether a person of `listepersonnes` is a natural person (a sole trader, whose company's name is his own):
 * `typePersonne` « pp », or, without it, a person named by `nom` with no `denomination` of a legal person.
 */
function isNaturalPerson(p: z.infer<typeof personShape>): boolean {
  const type = text(p.typePersonne)?.toLowerCase();
  if (type) return type === 'pp';
  return !text(p.denomination) && !text(p.personneMorale?.denomination) && Boolean(text(p.nom) ?? text(p.nomUsage));
}

/** Why a person of `listepersonnes` makes no company: what its SIREN (as `written`) and name lack. */
function leftOutReason(written: string | null, name: string | null): string {
  if (written === null) return name ? 'no SIREN (numeroImmatriculation)' : 'empty: neither a name nor a SIREN';
  const bad = `'${written}' is not a valid SIREN`;
  return name ? bad : `${bad}, and no name`;
}

/**
 * The valid SIRENs of a notice's `registre` (the CSV writes them separated by commas, with and without spaces:
 * « 900 000 084,900000084 »; the JSON exports as a list), each once.
 */
function registreSirens(value: unknown): string[] {
  const written = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const sirens = written
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.replace(/\s/g, ''))
    .filter((s) => /^\d{9}$/.test(s) && isValidSiren(s));
  return [...new Set(sirens)];
}

/** The BODACC id a `parutionavisprecedent` names: the publication's letter, the parution, the number. */
function targetOf(p: JsonCells['parutionavisprecedent']): string | null {
  if (!p) return null;
  const letter = String(p.nomPublication ?? '')
    .trim()
    .split(/\s+/)
    .at(-1);
  const parution = String(p.numeroParution ?? '').trim();
  const number = String(p.numeroAnnonce ?? '').trim();
  if (!letter || !/^[ABC]$/i.test(letter) || !/^\d+$/.test(parution) || !/^\d+$/.test(number)) return null;
  return `${letter.toUpperCase()}${parution}${number}`;
}

/** The export's own link to the notice, when it is one of bodacc.fr. */
function bodaccUrl(url: string | null): string | null {
  return url && /^https:\/\/www\.bodacc\.fr\/\S+$/.test(url) ? url : null;
}

/**
 * The columns a notice is read from whose absence would change what is read (the export's field names,
 * `use_labels=false`): a file lacking one is refused (CSV: its header; JSON, JSON lines: each object, which the export
 * writes with every field, `null` when empty), never read as if each cell were empty: without `tribunal` every court
 * is lost, without `parutionavisprecedent` no correction finds its target, without `registre` a person without a
 * SIREN is no company, without `url_complete` the notice's link is another. A group of several names is needed once:
 * `familleavis` or `familleavis_lib` (either tells the family; without both every notice would be taken as one of
 * the « Procédures collectives »). `publicationavis`, `parution` and `numeroannonce` are not needed: the id says
 * them (`A` `20240015` `1101` of `A202400151101`).
 */
export const requiredNoticeColumns: readonly (readonly [string, ...string[]])[] = [
  ['id'],
  ['dateparution'],
  ['typeavis'],
  ['familleavis', 'familleavis_lib'],
  ['tribunal'],
  ['registre'],
  ['listepersonnes'],
  ['jugement'],
  ['parutionavisprecedent'],
  ['url_complete'],
];

/**
 * The needed columns (`requiredNoticeColumns`) that `has` says are absent, each as its field, the other names of its
 * group, and the words that name it (`'tribunal'`; a group: `'familleavis' (or 'familleavis_lib')`), in order.
 */
export function missingNoticeColumns(
  has: (column: string) => boolean,
): { field: string; others: string[]; words: string }[] {
  return requiredNoticeColumns
    .filter((group) => !group.some(has))
    .map(([first, ...others]) => ({
      field: first,
      others,
      words: `'${first}'${others.length ? ` (or ${others.map((o) => `'${o}'`).join(', ')})` : ''}`,
    }));
}

/** A person of `listepersonnes` with a valid SIREN and no name (`denomination`, `nomCommercial`, `nom`): no company. */
export interface NamelessCompany {
  /** Where in the row: `listepersonnes.personne.0`. */
  field: string;
  siren: string;
}

/** A person of a notice left out for want of a valid SIREN: where in the row (`listepersonnes.personne.0`), why. */
export interface PersonLeftOut {
  field: string;
  reason: string;
}

/** A person of `listepersonnes` whose SIREN is malformed (check digit, length): no company made of it. */
export interface MalformedSiren {
  /** Where in the row: `listepersonnes.personne.0.numeroImmatriculation.numeroIdentification`. */
  field: string;
  /** The SIREN as written. */
  written: string;
  /** What is wrong with it: `its check digit is wrong`, `not 9 digits`, `all zeros, which INSEE never attributes`. */
  fault: string;
}

export interface ReadNotice {
  notice: Notice | null;
  /** Persons with a SIREN but no name: no company is made of them (reported with the row's line). */
  nameless?: NamelessCompany[];
  /** Persons whose SIREN is malformed: no company is made of them (reported with the row's line). */
  malformed?: MalformedSiren[];
  /** The SIRENs of the notice's companies that are natural persons (`typePersonne` « pp »). */
  naturalPersons?: string[];
  /** Not a notice of the « Procédures collectives »: skipped. */
  otherFamily: boolean;
  /** Persons of the notice left out for want of a valid SIREN, each with its field and why. */
  withoutSiren: PersonLeftOut[];
  errors: NoticeError[];
}

/** A record of the export (a CSV row as a record of its columns, a JSON object) read as a notice. */
export function readNotice(record: Record<string, unknown>): ReadNotice {
  const errors: NoticeError[] = [];
  // The plain cells' texts as checked, their mojibake repaired (`repairedCell`, once), by field: what `cell` reads.
  const repaired: Record<string, string> = {};
  // The cells telling the family first (read of every row), then the others: each text checked before it is read.
  const refused = (bounds: Record<string, number>) => {
    for (const [field, max] of Object.entries(bounds)) {
      const value = record[field];
      if (typeof value !== 'string') continue;
      const { text, refusal } = repairedCell(value, max);
      repaired[field] = text;
      if (refusal) errors.push({ field, message: refusal });
    }
    return errors.length > 0;
  };
  /** A plain cell checked by `refused`, as stored (`text`); a value of another type as given. */
  const cell = (field: string) => text(repaired[field] ?? record[field]);
  if (refused(familyCellBounds)) return { notice: null, otherFamily: false, withoutSiren: [], errors };
  const family = cell('familleavis');
  const familyLabel = cell('familleavis_lib');
  if ((family && family !== 'collective') || (!family && familyLabel && fold(familyLabel) !== 'procedures collectives'))
    return { notice: null, otherFamily: true, withoutSiren: [], errors };
  if (refused(noticeCellBounds)) {
    // The JSON cells' own refusals told too: every cell at fault at once.
    for (const field of Object.keys(jsonCells) as (keyof typeof jsonCells)[]) jsonCell(record, field, errors);
    return { notice: null, otherFamily: false, withoutSiren: [], errors };
  }
  const id = cell('id');
  if (!id || !/^[ABC]\d{9,}$/.test(id)) {
    errors.push({
      field: 'id',
      message: `${given(id ?? record.id)} is not a BODACC id (a text such as 'A202400151101'${notText(record.id) ? ', in quotes' : ''})`,
    });
  }
  const publishedAs = cell('dateparution');
  const read = publishedAs ? parseBodaccDate(publishedAs) : null;
  // The BODACC has not published a notice on a day that has not come (`isToCome`, the one rule of dates to come).
  const publishedOn = read && !isToCome(read) ? read : null;
  if (read && !publishedOn) {
    errors.push({ field: 'dateparution', message: `${publishedAs} is a date to come` });
  } else if (!publishedOn) {
    errors.push({
      field: 'dateparution',
      message: `${given(publishedAs ?? record.dateparution)} is not a date (a text such as '2024-01-24'${notText(record.dateparution) ? ', in quotes' : ''})`,
    });
  }
  const typeWritten = cell('typeavis')?.toLowerCase() ?? '';
  const type = (['annonce', 'rectificatif', 'annulation'] as const).find((t) => typeWritten === t);
  if (!type) {
    errors.push({
      field: 'typeavis',
      message: `${given(typeWritten || record.typeavis)} is not annonce, rectificatif or annulation${notText(record.typeavis)}`,
    });
  }
  const persons = jsonCell(record, 'listepersonnes', errors);
  const judgmentCell = jsonCell(record, 'jugement', errors);
  const previous = jsonCell(record, 'parutionavisprecedent', errors);
  const { companies, withoutSiren, nameless, malformed, naturalPersons } = companiesOf(
    persons,
    registreSirens(record.registre),
    errors,
  );
  const plain = plainCells.safeParse(record);
  if (!plain.success) {
    for (const issue of plain.error.issues) {
      const value = record[String(issue.path[0])];
      const message = issue.code === 'custom' || issue.code === 'invalid_format' ? issue.message : 'is not a text';
      errors.push({ field: String(issue.path[0]), message: `${given(value)} ${message}` });
    }
  }
  if (errors.length || !id || !publishedOn || !type)
    return { notice: null, otherFamily: false, withoutSiren: [], errors };
  const publication = (cell('publicationavis') ?? id.charAt(0)).toUpperCase() as Notice['publication'];
  const parution = cell('parution') ?? id.slice(1, 9);
  const numberWritten = cell('numeroannonce') ?? String(record.numeroannonce ?? '');
  const number = Number(numberWritten || id.slice(1 + parution.length));
  if (!Number.isInteger(number) || number < 0 || number > 2_147_483_647) {
    return {
      notice: null,
      otherFamily: false,
      withoutSiren: [],
      errors: [{ field: 'numeroannonce', message: `'${numberWritten}' is not a number` }],
    };
  }
  const dateAsWritten = text(judgmentCell?.date);
  const courtAsWritten = cell('tribunal');
  const notice: Notice = {
    id,
    publication,
    parution,
    number,
    publishedOn,
    type,
    family,
    familyLabel,
    companies,
    judgment: {
      family: text(judgmentCell?.famille),
      nature: text(judgmentCell?.nature),
      date: judgmentDate(dateAsWritten, publishedOn),
      dateAsWritten,
      complement: text(judgmentCell?.complementJugement),
    },
    court: normaliseCourt(courtAsWritten),
    courtAsWritten,
    targetId: targetOf(previous),
    url:
      bodaccUrl(cell('url_complete')) ??
      `https://www.bodacc.fr/annonce/detail-annonce/${publication}/${parution}/${number}`,
  };
  return { notice, otherFamily: false, withoutSiren, nameless, malformed, naturalPersons, errors };
}
