import { describe, expect, it } from 'vitest';
import { isValidSiren, isValidSiret, normalizeFrenchPhone } from '../../src/domain/identifiers.js';

describe('SIREN and SIRET', () => {
  it.each(['732829320', '552032534', '356000000'])('accepts the SIREN %s', (siren) =>
    expect(isValidSiren(siren)).toBe(true),
  );
  it.each(['732829321', '12345678', '1234567890', 'ABCDEFGHI'])('refuses %s as a SIREN', (siren) =>
    expect(isValidSiren(siren)).toBe(false),
  );
  it.each(['73282932000074', '35600000000048', '35600000049837'])('accepts the SIRET %s', (siret) =>
    expect(isValidSiret(siret)).toBe(true),
  );
  it.each(['73282932000075', '35600000000049', '7328293200007'])('refuses %s as a SIRET', (siret) =>
    expect(isValidSiret(siret)).toBe(false),
  );
});

describe('French phone numbers', () => {
  it.each([
    ['0800 942 564', '0800942564'],
    ['+33 8 00 94 25 64', '0800942564'],
    ['01.23.45.67.89', '0123456789'],
    ['0033 1 23 45 67 89', '0123456789'],
  ])('reads %s as %s', (input, expected) => expect(normalizeFrenchPhone(input)).toBe(expected));
  it.each(['0012345678', '080094256', '+44 20 7946 0958', 'not a phone'])('refuses %s', (input) =>
    expect(normalizeFrenchPhone(input)).toBeNull(),
  );
});
