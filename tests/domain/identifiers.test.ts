import { describe, expect, it } from 'vitest';
import {
  displayPhone,
  isValidSiren,
  isValidSiret,
  parsePhone,
  sirenSchema,
  siretSchema,
} from '../../src/domain/identifiers.js';

describe('SIREN and SIRET', () => {
  it.each(['732829320', '552032534', '356000000'])('accepts the SIREN %s', (siren) =>
    expect(isValidSiren(siren)).toBe(true),
  );
  it.each(['732829321', '12345678', '1234567890', 'ABCDEFGHI', '000000000'])('refuses %s as a SIREN', (siren) =>
    expect(isValidSiren(siren)).toBe(false),
  );
  it.each(['73282932000074', '35600000000048', '35600000049837'])('accepts the SIRET %s', (siret) =>
    expect(isValidSiret(siret)).toBe(true),
  );
  it.each(['73282932000075', '35600000000049', '7328293200007', '00000000000000', '00000000000018'])(
    'refuses %s as a SIRET',
    (siret) => expect(isValidSiret(siret)).toBe(false),
  );
});

describe('phone numbers', () => {
  it.each([
    ['0800 942 564', '+33800942564', '0 800 94 25 64'],
    ['+33 8 00 94 25 64', '+33800942564', '0 800 94 25 64'],
    ['01.23.45.67.89', '+33123456789', '01 23 45 67 89'],
    ['0033 1 23 45 67 89', '+33123456789', '01 23 45 67 89'],
    ['+33 (0)1 23 45 67 89', '+33123456789', '01 23 45 67 89'],
    ['0262 30 12 34', '+262262301234', '0262 30 12 34'],
    ['0596 70 12 34', '+596596701234', '0596 70 12 34'],
    ['+44 20 7946 0958', '+442079460958', '+44 20 7946 0958'],
    // As a spreadsheet keeps it, with the apostrophe that stops + being read as a formula.
    ["'+33 1 23 45 67 89", '+33123456789', '01 23 45 67 89'],
  ])('reads %s as %s, shown %s', (input, e164, national) => expect(parsePhone(input)).toEqual({ e164, national }));
  it.each(['0012345678', '080094256', '+33 1 23', '12 34', 'not a phone', '01 23 45 67 89 00'])('refuses %s', (input) =>
    expect(parsePhone(input)).toBeNull(),
  );
  it('shows a stored number as the French dial it, or with its country code', () => {
    expect(displayPhone('+262692123456')).toBe('0692 12 34 56');
    expect(displayPhone('+2693212345')).toBe('+269 321 23 45');
  });
});

describe('SIREN and SIRET as people write them', () => {
  it.each([
    ['552 032 534', '552032534'],
    ['552\u00a0032\u00a0534', '552032534'],
    ['552\u202f032\u202f534', '552032534'],
  ])('reads the SIREN %j as %s', (input, compact) => expect(sirenSchema.parse(input)).toBe(compact));
  it('reads a SIRET with spaces', () => expect(siretSchema.parse('356 000 000 00048')).toBe('35600000000048'));
  it.each(['552 032 53', '552-032-534', 'SIREN 552032534'])('refuses the SIREN %j', (input) =>
    expect(sirenSchema.safeParse(input).error?.issues[0]?.message).toBe('must be 9 digits (spaces allowed)'),
  );
});
