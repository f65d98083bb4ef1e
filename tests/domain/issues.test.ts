// The importers' refusals of a cell in words (src/domain/issues.ts): each kind of issue, with its limit, and a
// schema's own message kept.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { partialDate } from '../../src/domain/fields.js';
import { issueInWords } from '../../src/domain/issues.js';

/** The first refusal of `value` by `schema`, as `path: message`. */
function refusal(schema: z.ZodType, value: unknown): string {
  const parsed = schema.safeParse(value, { error: issueInWords });
  if (parsed.success) throw new Error('accepted');
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join('.')}: ${issue.message}`;
}

describe('issueInWords', () => {
  it.each([
    [
      'text too long',
      z.object({ name: z.string().max(300) }),
      { name: 'x'.repeat(412) },
      'name: is 412 characters long: must be at most 300',
    ],
    [
      'text too short',
      z.object({ code: z.string().min(3) }),
      { code: 'ab' },
      'code: is 2 characters long: must be at least 3',
    ],
    ['empty text', z.object({ name: z.string().min(1) }), { name: '' }, 'name: must not be empty'],
    [
      'a list too long',
      z.object({ aliases: z.array(z.string()).max(2) }),
      { aliases: ['a', 'b', 'c'] },
      'aliases: names 3: must name at most 2',
    ],
    [
      'a list too short',
      z.object({ fields: z.array(z.string()).min(1) }),
      { fields: [] },
      'fields: names 0: must name at least 1',
    ],
    [
      'a number too large',
      z.object({ year: z.number().max(2100) }),
      { year: 2200 },
      'year: is 2200: must be at most 2100',
    ],
    [
      'a number too small',
      z.object({ year: z.number().gt(1900) }),
      { year: 1900 },
      'year: is 1900: must be more than 1900',
    ],
    [
      'text where a number goes',
      z.object({ year: z.number() }),
      { year: 'deux mille' },
      "year: must be a number, not 'deux mille'",
    ],
    ['a number where text goes', z.object({ name: z.string() }), { name: 12 }, 'name: must be text, not 12'],
    ['a missing field', z.object({ name: z.string() }), {}, 'name: is missing: text is needed'],
    ['an empty field', z.object({ name: z.string() }), { name: null }, 'name: is empty: text is needed'],
    [
      'a nested field',
      z.object({ hotline: z.object({ phone: z.string() }) }),
      { hotline: { phone: [1] } },
      'hotline.phone: must be text, not a list',
    ],
    [
      'an unknown value',
      z.object({ status: z.enum(['open', 'closed']) }),
      { status: 'ouvert' },
      "status: 'ouvert' is not one of open, closed",
    ],
    [
      'a missing value of a list',
      z.object({ kind: z.enum(['employees', 'agents']) }),
      {},
      'kind: is missing: one of employees, agents is needed',
    ],
    [
      'a missing field of several forms',
      z.object({ source: z.union([z.string(), z.object({ url: z.string() })]) }),
      { url: 'https://example.org/a' },
      'source: is missing',
    ],
    [
      'the one value',
      z.object({ kind: z.literal('firm') }),
      { kind: 'person' },
      "kind: 'person' is not firm, the only value allowed",
    ],
    [
      'an e-mail address',
      z.object({ email: z.email() }),
      { email: 'nobody' },
      "email: 'nobody' is not an email address",
    ],
    [
      'a field the object lacks',
      z.strictObject({ name: z.string() }),
      { name: 'a', colour: 'red' },
      ": 'colour' is not a field of it",
    ],
    [
      'a long value quoted',
      z.object({ status: z.enum(['open']) }),
      { status: 'o'.repeat(100) },
      `status: '${'o'.repeat(60)}…' is not open, the only value allowed`,
    ],
    [
      "a schema's own message",
      z.object({ opened_on: partialDate }),
      { opened_on: '26/04/2017' },
      'opened_on: must be a date as precise as its source: YYYY, YYYY-MM or YYYY-MM-DD',
    ],
  ])('%s', (_, schema, value, expected) => {
    expect(refusal(schema, value)).toBe(expected);
  });
});
