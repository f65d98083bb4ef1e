// The schemas of the fields every kind shares, as the API takes them: ids
// (slugs), dates as precise as their source, websites.
import { z } from 'zod';
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

export const partialDate = z
  .string()
  .regex(partialDatePattern)
  .meta({ id: 'PartialDate', description: 'A date as precise as its source: `2017`, `2017-04` or `2017-04-26`.' });

/** The largest value of a PostgreSQL `integer` column (32 bits): every whole number the API takes stays below it. */
export const int32Max = 2_147_483_647;

/** A count stored in an `integer` column: a whole number from 0 to 2,147,483,647. */
export const countSchema = z
  .number()
  .int({ error: 'must be a whole number' })
  .min(0, { error: 'must be 0 or more' })
  .max(int32Max, { error: `must be at most ${int32Max}` });

/** The id of a row in a path (`/headcounts/12`): a whole number from 1 to 2,147,483,647. */
export const rowIdParam = z.coerce
  .number()
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be 1 or more' })
  .max(int32Max, { error: `must be at most ${int32Max}` });
