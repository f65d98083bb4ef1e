// The schemas of the fields every kind shares, as the API takes them: ids
// (slugs), dates as precise as their source, countries, websites.
// The library alone: its main module also loads all of its 80 locales, only French and English are used.
import countries from 'i18n-iso-countries/index.js';
import { z } from 'zod';
import { foldName } from '../geo/index.js';
import { partialDatePattern, slugMaxLength, slugPattern } from './vocabulary.js';

/** The stable id of an entry: a slug. */
export const slugSchema = z
  .string()
  .max(slugMaxLength, { error: `must be at most ${slugMaxLength} characters` })
  .regex(slugPattern, { error: 'must be a slug: lower-case letters, digits and single hyphens' });

/** A website: an http(s) URL, or a bare domain as the press prints it (cnajmj.fr). */
export const websiteSchema = z
  .string()
  .trim()
  .max(500)
  .refine((v) => /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(v) || /^([a-z0-9-]+\.)+[a-z]{2,}(\/\S*)?$/i.test(v), {
    error: 'must be an http(s) URL or a domain name',
  });

/**
 * Whether a date written `YYYY`, `YYYY-MM` or `YYYY-MM-DD` is one the calendar has: year 0001 or later, a day
 * its month has (`2017-02-30`, `2017-04-31` and year `0000` are not). The shape is checked elsewhere.
 */
export function dateExists(text: string): boolean {
  const [year, month = 1, day = 1] = text.split('-').map(Number) as [number, number?, number?];
  if (!(year >= 1) || !(month >= 1 && month <= 12) || !(day >= 1)) return false;
  return day <= lastDayOfMonth(year, month);
}

/** The last day of a month (1 to 12) of a year (1 or later) of the calendar: 28 to 31. */
export function lastDayOfMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one (UTC, so no time zone moves it).
  const date = new Date(Date.UTC(2000, month, 0));
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

const notADate = (i: { input: unknown }) => `'${String(i.input)}' is not a date of the calendar`;

/** A date as precise as its source (`2017`, `2017-04`, `2017-04-26`), and one that exists. */
export const partialDate = z
  .string()
  .regex(partialDatePattern, {
    error: 'must be a date as precise as its source: YYYY, YYYY-MM or YYYY-MM-DD',
    abort: true,
  })
  .refine(dateExists, { error: notADate })
  .meta({ id: 'PartialDate', description: 'A date as precise as its source: `2017`, `2017-04` or `2017-04-26`.' });

/**
 * `partialDate` in checks that never abort, for a field of an object inside a union (a citation's new source, or a
 * known source's id): an aborting check hides its message behind the union's. The same pattern in the API document.
 */
export const partialDateInUnion = z
  .string()
  .regex(partialDatePattern, { error: 'must be a date as precise as its source: YYYY, YYYY-MM or YYYY-MM-DD' })
  // Only a date of the right shape is looked up in the calendar (the pattern's message says the rest).
  .refine((v) => !partialDatePattern.test(v) || dateExists(v), { error: notADate });

/**
 * Whether a year is one a date read from an open-data file can mean (README « a year no one meant »): 1900 to 2999.
 * The files hold a few typed wrong (`0009-01-01`, `1200-06-01`, `5025-05-27`); INSEE's Sirene writes no earlier year
 * (its years of headcount are of the 1900s and 2000s), the BODACC's procedures and the directory's readings are
 * later. The one rule of every importer: the BODACC reads such a date as none (« not a date », the date unknown,
 * reported), Sirene and the practitioners' list refuse the row at its column, as they refuse a date to come.
 */
export function yearMeant(year: number): boolean {
  return year >= 1900 && year <= 2999;
}

/**
 * The latest date it may be today where French sources date what they write (`YYYY-MM-DD`): tomorrow in UTC, since
 * France's times run up to a day ahead of UTC's (INSEE's Sirene, French overseas territories).
 */
export function latestToday(now = Date.now()): string {
  // The day's text kept for the UTC day `now` falls in (the same answer all day): the imports ask for every date
  // they read and write, and building it each time (a Date, its ISO text) was about 1 % of the BODACC import's CPU.
  if (now < latest.from || now >= latest.until) {
    const from = Math.floor(now / 86_400_000) * 86_400_000;
    latest = { from, until: from + 86_400_000, day: new Date(from + 86_400_000).toISOString().slice(0, 10) };
  }
  return latest.day;
}

/** `latestToday`'s last answer and the UTC day (ms since the epoch, `until` excluded) it holds for. */
let latest = { from: 0, until: 0, day: '' };

/**
 * Whether a date (`2031`, `2031-04`, `2031-04-26`, or a time `2031-04-26T10:00:00`) is to come: its first possible
 * day is after `latestToday` (`2026-12` is not to come on 30 November 2026: December may be tomorrow's month). The one
 * rule of every date a source gives (a source's publication, the imports' dates, the dates of facts: `writes/dates.ts`).
 */
export function isToCome(date: string): boolean {
  return date.slice(0, 10) > latestToday();
}

/**
 * A date as precise as its source (`2024`, `2024-04`, `2024-04-26`) as the number of the first or last day its period
 * may be, `YYYYMMDD` (`2024` → 20240000 or 20249999): numbers ordered as the calendar, no day guessed.
 */
export function periodBound(date: string, which: 'first' | 'last'): number {
  return Number(date.replaceAll('-', '').padEnd(8, which === 'first' ? '0' : '9'));
}

/**
 * Whether an end (`2017-03`) is certainly before a start (`2017-04-02`): the last day its period may be comes before
 * the first day the start's may be; `2017` does not end before `2017-04`, the year holding April. The one rule of every
 * end and its start (a site's `closed_on` and `opened_on`, a proceeding's `closed_on` and `date`: `writes/dates.ts`).
 */
export function endsBefore(end: string, start: string): boolean {
  return periodBound(end, 'last') < periodBound(start, 'first');
}

/** A full date, `YYYY-MM-DD`, that exists (no `2017-02-30`, no year `0000`). */
export const fullDate = z.iso
  .date({ error: (i) => (/^\d{4}-\d{2}-\d{2}$/.test(String(i.input)) ? notADate(i) : 'must be a date, YYYY-MM-DD') })
  // The ISO format refuses the days a month lacks, not year 0000. (No `abort`: it would hide the message in the
  // union of a citation's source.)
  .refine((v) => !v.startsWith('0000-'), { error: notADate });

/**
 * A country, as an ISO 3166-1 alpha-2 code from `i18n-iso-countries`: `FR`, `MA`, `BE`. Lower case is accepted
 * and stored in capitals; a code that names no country (`XX`, `UK`) is refused.
 */
export const countrySchema = z
  .string()
  .trim()
  .refine((v) => /^[A-Za-z]{2}$/.test(v) && countries.isValid(v.toUpperCase()), {
    error: (i) => `'${String(i.input)}' is not an ISO 3166-1 alpha-2 country code (such as FR, BE, MA)`,
  })
  .transform((v) => v.toUpperCase())
  .meta({ description: 'ISO 3166-1 alpha-2 country code, such as FR (lower case accepted).' });

/** The most aliases an entry has (POST, PATCH, imports and merges alike). */
export const aliasesMax = 50;

/**
 * Other names an entry goes by in its sources (an operator's former or trade names, a site's Sirene enseigne when
 * the articles name it otherwise): up to 50 names of 1 to 300 characters, searched as its name is, each once (case
 * and accents aside, as `foldName` compares them: « Même » repeats « meme »; refused at `aliases.N`). That none is
 * the entry's own name is checked with the name (`writes/rules.ts`, `aliasErrors`).
 */
export const aliasesSchema = z
  .array(z.string().trim().min(1).max(300))
  .max(aliasesMax)
  .superRefine((aliases, ctx) => {
    const first = new Map<string, number>();
    aliases.forEach((alias, i) => {
      const key = foldName(alias);
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, i);
      else
        ctx.addIssue({
          code: 'custom',
          path: [i],
          input: alias,
          message: `repeats aliases.${earlier} ('${aliases[earlier]}'), case and accents aside`,
        });
    });
  })
  .meta({
    description:
      'Other names the entry goes by in its sources, searched as its name is: each once, none the entry’s own ' +
      'name (case and accents aside).',
  });

/** The largest value of a PostgreSQL `integer` column (32 bits): every whole number the API takes stays below it. */
export const int32Max = 2_147_483_647;

/** A count stored in an `integer` column: a whole number from 0 to 2,147,483,647. */
export const countSchema = z
  .number()
  .int({ error: 'must be a whole number' })
  .min(0, { error: 'must be 0 or more' })
  .max(int32Max, { error: `must be at most ${int32Max}` });

/**
 * A whole number of a path or query parameter, written in plain decimal digits (not `1e2`, not `0x10`, not `-1`),
 * given once, from `range.min` to `range.max` (at most 2,147,483,647): anything else is told `must be a whole number
 * from <min> to <max>`.
 */
export function wholeNumber(range: { min: number; max: number }) {
  const message = `must be a whole number from ${range.min} to ${range.max}`;
  return (
    z
      .string({ error: 'must be given once' })
      .trim()
      .regex(/^\d{1,10}$/, { error: message })
      .transform(Number)
      .refine((n) => n >= range.min && n <= range.max, { error: message })
      // The document gives the integer the text stands for (http/document.ts drops the text's pattern).
      .meta({ type: 'integer', minimum: range.min, maximum: range.max })
  );
}

/** The id of a row in a path (`/headcounts/12`): a whole number from 1 to 2,147,483,647, in decimal digits. */
export const rowIdParam = wholeNumber({ min: 1, max: int32Max });
