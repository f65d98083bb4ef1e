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
