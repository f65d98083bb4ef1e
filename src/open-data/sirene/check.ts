// The cells of a Sirene row checked against INSEE's documented codes and
// formats before anything is taken from them: a value outside its list is a
// refused row naming its column, never a fact silently dropped to null.

import { countryOf } from '../../domain/country-names.js';
import type { FieldError } from '../../domain/errors.js';
import { dateExists, latestToday, yearMeant } from '../../domain/fields.js';
import { isValidSiren, isValidSiret } from '../../domain/identifiers.js';
import { tooLong } from '../../domain/issues.js';
import { headcountBands } from '../../domain/sirene-codes.js';
import { bounded, masked, textRefusal } from '../../domain/text.js';
import { geography } from '../../geo/index.js';
import { decimalPattern } from './columns.js';

type Values = Record<string, string | null>;

/** No Sirene column is this long (the longest, `denominationUniteLegale`, is 120); names are at most 300. */
export const maxCellLength = 300;

/**
 * A cell's rule: whether a (non-empty) value is one INSEE writes, and what it should be; `treated`: a day the row
 * states, which cannot be after the row's own last treatment (`dateDernierTraitement…`).
 */
type Rule = {
  test: (v: string) => boolean;
  expected: string;
  treated?: true;
  /** What is said of a value failing `test`, when not « « value » is not `expected` ». */
  refusal?: (v: string, values: Values) => string;
};

const oneOf = (...codes: string[]): Rule => ({
  test: (v) => codes.includes(v),
  expected: `one of ${codes.join(', ')}`,
});
const matching = (pattern: RegExp, expected: string): Rule => ({ test: (v) => pattern.test(v), expected });

/**
 * The latest day (`AAAA-MM-JJ`) a Sirene date may be: `latestToday` (domain/fields.ts, the one rule of dates to come),
 * tomorrow's in UTC, since INSEE writes French times, up to a day ahead of UTC's. Every bound to come of the import
 * reads it (dates, years, times, the stock's month).
 */
export const latestSireneDay = latestToday;

/** Whether a day `AAAA-MM-JJ` exists and is of a year a date can mean (`yearMeant`: no 0009, no 1200), not to come. */
const sireneDay = (day: string) => dateExists(day) && yearMeant(Number(day.slice(0, 4))) && day <= latestSireneDay();

/** A calendar date `AAAA-MM-JJ` that exists (no 2023-02-30, no 0000-00-00), from 1900, and past (no creation in 2099). */
const date: Rule = {
  test: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && sireneDay(v),
  expected: 'a date AAAA-MM-JJ from 1900 on, not in the future',
};
/**
 * `dateDebut`, the start of the record's current period (a closure, a cessation): INSEE records it when it treats
 * the change, so never after the row's own last treatment. (A creation may be declared before the day it takes
 * effect, and a headcount's year is updated without a treatment: neither is bound so.)
 */
const periodStart: Rule = { ...date, treated: true };

/**
 * Whether `v` is a time as INSEE writes `dateDernierTraitement…`: `AAAA-MM-JJTHH:MM:SS` (fractions of a second
 * allowed, the time optional), on a day the calendar has of a year from 1900, at an hour the day has, and not after tomorrow (UTC: a
 * row treated in the future would name an edition to come, which would refuse every real one after it).
 */
export function isSireneTime(v: string): boolean {
  const parts = /^(\d{4}-\d{2}-\d{2})(?:T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d+)?)?$/.exec(v);
  return parts !== null && sireneDay(parts[1]!);
}
const updatedAt: Rule = { test: isSireneTime, expected: 'a time AAAA-MM-JJTHH:MM:SS from 1900 on, not in the future' };
const year: Rule = {
  test: (v) => /^\d{4}$/.test(v) && yearMeant(Number(v)) && v <= latestSireneDay().slice(0, 4),
  expected: 'a year AAAA from 1900 on, not in the future',
};
const number = matching(decimalPattern, 'a number');
const diffusion = oneOf('O', 'P');

/**
 * A SIREN and a SIRET as the writes of operators and sites judge them (domain/identifiers.ts: 9 or 14 digits and
 * their Luhn check digit, La Poste's SIRETs by their own rule), so that one SIREN is judged the same in both files.
 */
const identifier = (
  name: 'SIREN' | 'SIRET',
  length: number,
  valid: (v: string) => boolean,
): Rule & { required: true } => ({
  test: valid,
  expected: `a ${name} of ${length} digits`,
  required: true,
  refusal: (v) =>
    new RegExp(`^\\d{${length}}$`).test(v)
      ? `${v} is not a valid ${name} (its check digit is wrong)`
      : `« ${bounded(v, 40)} » is not a ${name} of ${length} digits`,
});
const siren = identifier('SIREN', 9, isValidSiren);

/** Rules of the columns of StockEtablissement the import reads; `required`: an empty cell is refused too. */
const establishmentRules: Record<string, Rule & { required?: true }> = {
  siren,
  siret: identifier('SIRET', 14, isValidSiret),
  nic: matching(/^\d{5}$/, 'a NIC of 5 digits'),
  statutDiffusionEtablissement: { ...diffusion, required: true },
  statutDiffusionUniteLegale: diffusion,
  etatAdministratifEtablissement: { ...oneOf('A', 'F'), required: true },
  trancheEffectifsEtablissement: {
    test: (v) => v in headcountBands,
    expected: `an INSEE headcount band code (${Object.keys(headcountBands).sort().join(', ')})`,
  },
  anneeEffectifsEtablissement: year,
  dateCreationEtablissement: date,
  dateDebut: periodStart,
  dateDernierTraitementEtablissement: updatedAt,
  activitePrincipaleEtablissement: matching(/^\d{2}\.\d{2}[A-Z]$/, 'a NAF code such as 82.20Z'),
  codeCommuneEtablissement: {
    test: (v) => geography().placeOfCode(v) !== null,
    expected: 'a commune code of the reference geography (COG)',
  },
  codePostalEtablissement: matching(/^\d{5}$/, 'a postal code of 5 digits'),
  codePaysEtrangerEtablissement: matching(/^99\d{3}$/, 'a COG country code 99xxx'),
  libellePaysEtrangerEtablissement: {
    test: (v) => countryOf(v) !== undefined,
    expected: 'a country name',
    refusal: (v, values) => {
      const code = values.codePaysEtrangerEtablissement;
      return (
        `« ${bounded(v, 40)} »${code ? ` (codePaysEtrangerEtablissement ${code})` : ''} is no country whose names ` +
        '(i18n-iso-countries, CLDR, world-countries) tell one ISO 3166-1 code: the establishment is not imported ' +
        '(a site abroad is stored with its country, never a guessed one)'
      );
    },
  },
  coordonneeLambertAbscisseEtablissement: number,
  coordonneeLambertOrdonneeEtablissement: number,
};

/** Rules of the columns of StockUniteLegale the import reads. */
const legalUnitRules: Record<string, Rule & { required?: true }> = {
  siren,
  statutDiffusionUniteLegale: { ...diffusion, required: true },
  etatAdministratifUniteLegale: { ...oneOf('A', 'C'), required: true },
  categorieEntreprise: oneOf('PME', 'ETI', 'GE'),
  categorieJuridiqueUniteLegale: matching(/^\d{4}$/, 'a catégorie juridique of 4 digits'),
  dateDebut: periodStart,
  dateDernierTraitementUniteLegale: updatedAt,
};

/**
 * The error of a day `value` of `column` later than the row's own last treatment (the valid time of
 * `treatedColumn`, French like the day): a record states nothing after it was treated. Null when it is not, or the
 * time is not valid (refused itself).
 */
function afterTreatment(column: string, value: string, treatedColumn: string, values: Values) {
  const treated = values[treatedColumn] ?? null;
  if (treated === null || !isSireneTime(treated) || value <= treated.slice(0, 10)) return null;
  const message =
    `« ${value} » is after the row's own last treatment (${treatedColumn} ${treated}): ` +
    'a record states no day after it was treated';
  return { in: 'row' as const, name: column, message };
}

function errorsOf(
  values: Values,
  rules: Record<string, Rule & { required?: true }>,
  treatedColumn: string,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const [column, value] of Object.entries(values)) {
    if (value === null) continue;
    const refused = textRefusal(value, false);
    if (refused) errors.push({ in: 'row', name: column, message: refused });
    else if (value.length > maxCellLength) {
      const message = `${tooLong(value.length, maxCellLength)} (no Sirene column is longer)`;
      errors.push({ in: 'row', name: column, message });
    }
  }
  if (errors.length) return errors;
  // Only the rows of a non-diffusible unit or establishment (left out before) are masked: here, it is an error.
  const statuses = Object.keys(values).filter((c) => c.startsWith('statutDiffusion') && values[c] !== null);
  const said = statuses.map((c) => `${c} ${values[c]}`).join(', ');
  for (const [column, value] of Object.entries(values)) {
    if (value === masked) {
      const message = `is masked (${masked}) in a row said diffusible (${said}): INSEE masks only the rows marked P`;
      errors.push({ in: 'row', name: column, message });
    }
  }
  if (errors.length) return errors;
  for (const [column, rule] of Object.entries(rules)) {
    if (!(column in values)) continue;
    const value = values[column] ?? null;
    if (value === null) {
      if (rule.required) errors.push({ in: 'row', name: column, message: `is empty: ${rule.expected} expected` });
    } else if (!rule.test(value)) {
      const message = rule.refusal?.(value, values) ?? `« ${bounded(value, 40)} » is not ${rule.expected}`;
      errors.push({ in: 'row', name: column, message });
    } else if (rule.treated) {
      const after = afterTreatment(column, value, treatedColumn, values);
      if (after) errors.push(after);
    }
  }
  return errors;
}

/**
 * What is wrong in an establishment row, by column (as the import report lists it): a cell holding a NUL
 * character or longer than any Sirene column; a coded value outside INSEE's list (état administratif `A`/`F`,
 * headcount band, `statutDiffusion…` `O`/`P`); a SIREN or SIRET malformed or failing its check digit (as
 * the writes judge them: La Poste's SIRETs by their own rule); a foreign country (`libellePaysEtranger…`) whose
 * ISO code `countryOf` cannot tell, or a COG country code not `99xxx`; a malformed date, year, NAF code, postal code or Lambert
 * coordinate; a commune code the reference geography does not know; a `dateDebut` (the current period's start: a
 * closure) after the row's own `dateDernierTraitementEtablissement`; a SIRET that is not `siren` followed by `nic`
 * (another establishment's). Empty when the row is as documented.
 */
export function establishmentErrors(values: Values): FieldError[] {
  const errors = errorsOf(values, establishmentRules, 'dateDernierTraitementEtablissement');
  if (errors.length) return errors;
  // A SIRET is its SIREN followed by its NIC (each valid alone): one that is not names another establishment.
  // Abroad, the country's name is what tells it (codePays… alone tells no ISO code).
  if (values.codePaysEtrangerEtablissement && !values.libellePaysEtrangerEtablissement) {
    const message = `is empty where codePaysEtrangerEtablissement is ${values.codePaysEtrangerEtablissement}: a country name expected`;
    errors.push({ in: 'row', name: 'libellePaysEtrangerEtablissement', message });
  }
  const { siren, nic, siret } = values;
  if (siren && siret && (!siret.startsWith(siren) || (nic && siret.slice(9) !== nic))) {
    const parts = nic ? `siren ${siren} followed by nic ${nic}` : `siren ${siren} followed by a NIC`;
    errors.push({ in: 'row', name: 'siret', message: `« ${siret} » is not ${parts}` });
  }
  return errors;
}

/**
 * What is wrong in a legal unit row, by column: as establishmentErrors, for état administratif (`A`/`C`),
 * `categorieEntreprise` (PME/ETI/GE), a catégorie juridique of 4 digits, dates (`dateDebut` not after
 * `dateDernierTraitementUniteLegale`) and SIREN.
 */
export function legalUnitErrors(values: Values): FieldError[] {
  return errorsOf(values, legalUnitRules, 'dateDernierTraitementUniteLegale');
}
