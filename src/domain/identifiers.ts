// French company identifiers and phone numbers.
import {
  type CountryCode,
  type PhoneNumber as ParsedPhoneNumber,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max';
import { z } from 'zod';

/**
 * A number of `length` digits as people write it: spaces, non-breaking and narrow non-breaking spaces
 * (« 356 000 000 00048 ») are dropped, so it is stored compact. Its check digit is checked by the kind's rules.
 */
function compactDigits(length: number, description: string) {
  return z
    .string()
    .transform((v) => v.replace(/\s/g, ''))
    .pipe(z.string().regex(new RegExp(`^\\d{${length}}$`), { error: `must be ${length} digits (spaces allowed)` }))
    .meta({ description });
}

/** A SIREN (9 digits), spaces allowed, stored compact. */
export const sirenSchema = compactDigits(9, 'The SIREN: 9 digits, spaces allowed (« 552 032 534 »).');

/** A SIRET (14 digits), spaces allowed, stored compact. */
export const siretSchema = compactDigits(14, 'The establishment’s SIRET: 14 digits, spaces allowed.');

/** The Luhn checksum that SIREN and SIRET numbers satisfy. */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** La Poste's SIREN: its many establishments' SIRETs follow another rule. */
const laPosteSiren = '356000000';

/**
 * Whether a SIREN or the SIREN a SIRET begins with is all zeros: it passes Luhn's check only arithmetically, INSEE
 * attributes no such number (it is a placeholder typed where the number is unknown, not an identifier).
 */
const zeroSiren = (digits: string) => digits.startsWith('000000000');

/** Whether `siren` is a SIREN INSEE may have attributed: 9 digits, Luhn's check, not all zeros. */
export function isValidSiren(siren: string): boolean {
  return /^\d{9}$/.test(siren) && !zeroSiren(siren) && luhn(siren);
}

/**
 * Whether `siret` is a SIRET INSEE may have attributed: 14 digits, Luhn's check (La Poste's establishments, SIREN
 * 356 000 000, their own rule), its SIREN not all zeros.
 */
export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret) || zeroSiren(siret)) return false;
  if (luhn(siret)) return true;
  // La Poste's establishments are numbered so that the digits add up to a multiple of 5 instead.
  return siret.startsWith(laPosteSiren) && [...siret].reduce((sum, d) => sum + Number(d), 0) % 5 === 0;
}

/**
 * What is wrong with a compact SIREN (`label` « SIREN ») or SIRET (« SIRET »), in words, or null: the one message of
 * the API's writes, `npm run import` and the open-data imports. All zeros: « 000000000 is not a SIREN: INSEE
 * attributes none of zeros (a placeholder, not an identifier) »; else « … is not a valid SIREN (its check digit is
 * wrong) ».
 */
export function identifierRefusal(value: string, label: 'SIREN' | 'SIRET'): string | null {
  const valid = label === 'SIREN' ? isValidSiren(value) : isValidSiret(value);
  if (valid) return null;
  if (zeroSiren(value)) {
    const what = label === 'SIREN' ? 'none' : 'no SIREN';
    return `${value} is not a ${label}: INSEE attributes ${what} of zeros (a placeholder, not an identifier)`;
  }
  return `${value} is not a valid ${label} (its check digit is wrong)`;
}

/**
 * What is wrong with an establishment's SIRET given the SIREN of the legal unit it is said to belong to (a site's
 * operator's), or null: a SIRET begins with its legal unit's SIREN (La Poste's too: 356 000 000 …), so another
 * beginning says the site belongs to two companies. « 35600000000048 is an establishment of the SIREN 356000000, not
 * of 'op-a' (SIREN 732829320): a SIRET begins with its legal unit's SIREN ».
 */
export function siretOutsideSiren(siret: string, siren: string, holder: string): string | null {
  if (siret.startsWith(siren)) return null;
  return (
    `${siret} is an establishment of the SIREN ${siret.slice(0, 9)}, not of '${holder}' (SIREN ${siren}): ` +
    "a SIRET begins with its legal unit's SIREN"
  );
}

/**
 * The regions dialled with France's ten-digit national numbers (0 and nine digits): metropolitan France and the
 * overseas departments and collectivities that share its plan (La Réunion 0262…, Mayotte 0269…, Guadeloupe,
 * Saint-Barthélemy and Saint-Martin 0590…, Guyane 0594…, Martinique 0596…), whose numbers their own metadata
 * (libphonenumber-js) tells apart. Saint-Pierre-et-Miquelon (+508), New Caledonia (+687), French Polynesia (+689)
 * and Wallis-et-Futuna (+681) have plans of their own, of six to nine digits: their numbers are read with their
 * country code only, never guessed from a national form (« 2017-13 » is no Saint-Pierre number).
 */
const frenchOverseas: readonly CountryCode[] = ['RE', 'YT', 'GP', 'GF', 'MQ', 'BL', 'MF'];
const frenchPlan: readonly CountryCode[] = ['FR', ...frenchOverseas];
/** Types of number tied to a place: an overseas one of these wins over France's metadata, which admits 0596…. */
const placedTypes = new Set(['FIXED_LINE', 'MOBILE', 'FIXED_LINE_OR_MOBILE']);
/** A French national number, its separators removed: the trunk prefix 0 and nine digits (« 0144556677 »). */
const frenchNationalForm = /^0\d{9}$/;

/** A phone number as stored (`e164`, « +33144556677 ») and as shown (`national`, « 01 44 55 66 77 »). */
export interface PhoneNumber {
  e164: string;
  national: string;
}

function asPhoneNumber(parsed: ParsedPhoneNumber): PhoneNumber {
  // Numbers of the French plan are shown as the French dial them; others with their country code.
  const french = parsed.country !== undefined && frenchPlan.includes(parsed.country);
  return { e164: parsed.number, national: french ? parsed.formatNational() : parsed.formatInternational() };
}

/**
 * A phone number in any usual writing, or null when it is none: the one reading of the API, `npm run import` and
 * `import:practitioners`. International forms (`+33 1 44 55 66 77`, `0033 1…`, `+33 (0)1…`, `+262 262…`,
 * `+508 41 12 34`) name their country; a number without one is French and written as the French dial it, 0 and
 * nine digits (`01.44.55.66.77`, `01-44…`, `0262 …`, `0590 …`), read in metropolitan France or an overseas region
 * of its plan (`frenchPlan`). Either way it must be a valid number of its region by libphonenumber-js's full
 * metadata (`isValid`, not merely of a possible length): six digits (« 2017-13 », « 123456 ») are none. Spaces,
 * dots, dashes, slashes and brackets are allowed.
 */
export function parsePhone(input: string): PhoneNumber | null {
  // A spreadsheet's leading apostrophe (« '+33 1… », typed so that + is not read as a formula) is no part of it.
  const text = input
    .trim()
    .replace(/^'/, '')
    .replace(/^00(?=\d)/, '+');
  if (!/^\+?[\d\s.\-()/]{6,30}$/.test(text)) return null;
  if (text.startsWith('+')) {
    const parsed = parsePhoneNumberFromString(text);
    return parsed?.isValid() ? asPhoneNumber(parsed) : null;
  }
  if (!frenchNationalForm.test(text.replace(/[\s.\-()/]/g, ''))) return null;
  // A national number: an overseas region's own line or mobile first, then France (whose shared numbers, such
  // as 0800…, the overseas metadata also admits), then any overseas number.
  const valid = frenchPlan
    .map((country) => parsePhoneNumberFromString(text, country))
    .filter((parsed): parsed is ParsedPhoneNumber => Boolean(parsed?.isValid()));
  const overseas = valid.filter((parsed) => parsed.country !== 'FR');
  const found =
    overseas.find((parsed) => placedTypes.has(parsed.getType() ?? '')) ??
    valid.find((parsed) => parsed.country === 'FR') ??
    overseas[0];
  return found ? asPhoneNumber(found) : null;
}

/** How a stored (E.164) number is shown: « 01 44 55 66 77 », « 0262 12 34 56 », « +269 321 23 45 ». */
export function displayPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? asPhoneNumber(parsed).national : e164;
}
