// French company identifiers and phone numbers.
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

export function isValidSiren(siren: string): boolean {
  return /^\d{9}$/.test(siren) && luhn(siren);
}

export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  if (luhn(siret)) return true;
  // La Poste's establishments are numbered so that the digits add up to a multiple of 5 instead.
  return siret.startsWith(laPosteSiren) && [...siret].reduce((sum, d) => sum + Number(d), 0) % 5 === 0;
}

/** A French phone number in its ten-digit national form, or null: « 0800 942 564 », « +33 8 00 94 25 64 ». */
export function normalizeFrenchPhone(input: string): string | null {
  const compact = input.replace(/[\s.\-()]/g, '').replace(/^(\+|00)33/, '0');
  return /^0[1-9]\d{8}$/.test(compact) ? compact : null;
}
