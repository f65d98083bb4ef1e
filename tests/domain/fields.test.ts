import { describe, expect, it } from 'vitest';
import { countrySchema, dateExists, fullDate, latestToday, partialDate } from '../../src/domain/fields.js';

describe('dates', () => {
  it.each(['2017', '2017-02', '2017-02-28', '2016-02-29', '2000-02-29', '2017-04-30', '0001-01-01', '2017-12-31'])(
    'takes %s',
    (date) => expect(partialDate.safeParse(date).success).toBe(true),
  );
  it.each(['2017-02-30', '2017-02-29', '1900-02-29', '2017-04-31', '2017-06-31', '0000', '0000-01', '0000-01-01'])(
    'refuses %s, which the calendar does not have',
    (date) => {
      expect(dateExists(date)).toBe(false);
      expect(partialDate.safeParse(date).error?.issues[0]?.message).toBe(`'${date}' is not a date of the calendar`);
    },
  );
  it('refuses the same as a full date, and a partial one', () => {
    expect(fullDate.safeParse('2017-04-31').error?.issues[0]?.message).toBe(
      "'2017-04-31' is not a date of the calendar",
    );
    expect(fullDate.safeParse('0000-01-01').error?.issues[0]?.message).toBe(
      "'0000-01-01' is not a date of the calendar",
    );
    expect(fullDate.safeParse('2017-04').error?.issues[0]?.message).toBe('must be a date, YYYY-MM-DD');
    expect(fullDate.parse('2016-02-29')).toBe('2016-02-29');
  });
});

describe('the latest date it may be today', () => {
  it('is tomorrow in UTC, changing at UTC midnight, whatever the order the instants are asked in', () => {
    const midnight = Date.UTC(2026, 11, 1);
    expect(latestToday(midnight - 1)).toBe('2026-12-01');
    expect(latestToday(midnight)).toBe('2026-12-02');
    expect(latestToday(midnight + 86_400_000 - 1)).toBe('2026-12-02');
    expect(latestToday(midnight + 86_400_000)).toBe('2026-12-03');
    // Back in time (a clock set back, a test's fake time): the answer of that instant, not the last one kept.
    expect(latestToday(midnight - 1)).toBe('2026-12-01');
    expect(latestToday(Date.UTC(1969, 11, 31, 12))).toBe('1970-01-01');
    expect(latestToday(Date.UTC(2024, 1, 28, 23, 59))).toBe('2024-02-29');
  });
});

describe('countries', () => {
  it.each([
    ['FR', 'FR'],
    ['fr', 'FR'],
    ['ma', 'MA'],
    ['GB', 'GB'],
  ])('takes %s as %s', (input, code) => expect(countrySchema.parse(input)).toBe(code));
  it.each(['XX', 'UK', 'FRA', 'F', 'France'])('refuses %s', (input) =>
    expect(countrySchema.safeParse(input).error?.issues[0]?.message).toBe(
      `'${input}' is not an ISO 3166-1 alpha-2 country code (such as FR, BE, MA)`,
    ),
  );
});

describe('one message per bad date', () => {
  it.each([
    ['2019-13', 'must be a date as precise as its source: YYYY, YYYY-MM or YYYY-MM-DD'],
    ['17-04', 'must be a date as precise as its source: YYYY, YYYY-MM or YYYY-MM-DD'],
  ])('%s', (date, message) => {
    expect(partialDate.safeParse(date).error?.issues.map((i) => i.message)).toEqual([message]);
  });
});
