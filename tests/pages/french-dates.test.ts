// The first day of a month written as French writes it, « 1er mars 2025 », wherever the page, the feeds and the
// citation text write a date (fault 06 of the hostile check: « 1 mars 2025 », « 1 décembre 2026 à 03:40 »); the
// other days as numbers. Exports keep ISO dates (not tested here: they do not go through these functions).
import { describe, expect, it } from 'vitest';
import { frenchDate, frenchDay } from '../../src/domain/french-months.js';
import { backingOf, citeText } from '../../src/pages/entry.js';
import { frenchDateTime, type SourceRef, sourceLine } from '../../src/pages/html.js';

const source = (published_on: string, published_as_printed: string | null): SourceRef => ({
  id: 'bodacc-a202500101001',
  title: 'BODACC A n° 20250045, annonce 1001',
  outlet: 'BODACC',
  url: null,
  published_on,
  published_as_printed,
  publisher: null,
  licence: null,
});

describe('a date written in French', () => {
  it('writes the first of the month « 1er », every other day as its number', () => {
    expect([1, 2, 10, 11, 21, 31].map(frenchDay)).toEqual(['1er', '2', '10', '11', '21', '31']);
  });

  it.each([
    ['2025-03-01', '1er mars 2025'],
    ['2025-03-02', '2 mars 2025'],
    ['2026-12-01', '1er décembre 2026'],
    ['2025-08-01', '1er août 2025'],
    ['2025-03-10', '10 mars 2025'],
    ['2025-03-31', '31 mars 2025'],
    ['2025-03', 'mars 2025'],
    ['2025', '2025'],
  ])('frenchDate(%s) is « %s »', (iso, written) => {
    expect(frenchDate(iso)).toBe(written);
  });

  it.each([
    ['2026-12-01T02:40:00Z', '1er décembre 2026 à 03:40'],
    // The day is Paris's: 23:30 UTC on 30 November is the first of December in Paris.
    ['2026-11-30T23:30:00Z', '1er décembre 2026 à 00:30'],
    ['2026-03-02T10:05:00Z', '2 mars 2026 à 11:05'],
    ['2026-11-29T16:46:00Z', '29 novembre 2026 à 17:46'],
  ])('frenchDateTime(%s) is « %s »', (at, written) => {
    expect(frenchDateTime(at)).toBe(written);
  });

  it('dates « Citer cette fiche » on the first of the month « 1er », in Paris time', () => {
    const cited = [source('2025-03-01', '1er mars 2025')];
    expect(citeText('Athena', 'site', 'http://localhost/sites/athena', cited, new Date('2026-11-30T23:30:00Z'))).toBe(
      '« Athena », fiche site de Plateau, http://localhost/sites/athena, consultée le 1er décembre 2026. Sources : ' +
        'BODACC A n° 20250045, annonce 1001, BODACC, 1er mars 2025.',
    );
    expect(citeText('Athena', 'site', 'http://localhost/sites/athena', [], new Date('2026-03-02T12:00:00Z'))).toBe(
      '« Athena », fiche site de Plateau, http://localhost/sites/athena, consultée le 2 mars 2026.',
    );
  });

  it('says « D’après une source du 1er mars 2025 (citation enregistrée le 1er décembre 2026 à 03:40) »', () => {
    const sources = new Map([['bodacc-a202500101001', source('2025-03-01', '1er mars 2025')]]);
    const quotes = [
      { source_id: 'bodacc-a202500101001', quote: 'clôture', fields: ['closed_on'], added_at: '2026-12-01T02:40:00Z' },
    ];
    expect(backingOf(quotes, sources)).toBe(
      'D’après une source du 1er mars 2025 (citation enregistrée le 1er décembre 2026 à 03:40)',
    );
  });

  it('names a source of the first of a month « 1er » in a citation and in the feeds (sourceLine)', () => {
    expect(sourceLine(source('2025-03-01', '1er mars 2025'))).toBe(
      'BODACC A n° 20250045, annonce 1001, BODACC, 1er mars 2025',
    );
    // A monthly data set keeps its month alone: no day invented, « 1er » or not.
    expect(sourceLine(source('2026-05-01', 'mai 2026'))).toBe('BODACC A n° 20250045, annonce 1001, BODACC, mai 2026');
  });
});
