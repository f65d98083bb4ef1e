import { describe, expect, it } from 'vitest';
import { countrySchema, dateExists, fullDate, partialDate } from '../../src/domain/fields.js';

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
