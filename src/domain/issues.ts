// What a value refused by a schema has wrong, in plain words, for the
// importers' reports: the one error map they parse rows with. A schema that
// words its own refusal (`partialDate`, `slugSchema`, a refine's message)
// keeps it: zod puts a schema's own error before the one of a parse.
import type { z } from 'zod';

/** A value as a message quotes it: text in quotes, cut at 60 characters. */
function quoted(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : String(value);
}

/** A text longer than a field takes, in words: « is 412 characters long: must be at most 300 ». */
export function tooLong(length: number, max: number): string {
  return `is ${length} characters long: must be at most ${max}`;
}

/** A value outside a closed list, in words: « 'ouvert' is not one of open, closed, unknown ». */
export function notOneOf(input: unknown, values: readonly string[]): string {
  return `${quoted(input)} is not one of ${values.join(', ')}`;
}

/** What a type is called in a message (`number` → « a number »). */
const typeNames: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  date: 'a date',
};

/** The formats zod checks, as a message names them. */
const formatNames: Record<string, string> = {
  email: 'an email address',
  url: 'a URL',
  date: 'a date, YYYY-MM-DD',
  datetime: 'a date and time (ISO 8601)',
  uuid: 'a UUID',
};

/**
 * A zod error map (`schema.safeParse(value, { error: issueInWords })`): the refusal of a value in words, naming what
 * is wrong and the limit, as the Sirene and practitioners imports word theirs. Text too long: « is 412 characters
 * long: must be at most 300 »; a wrong type: « must be a number, not 'abc' »; an enum: « 'ouvert' is not one of
 * open, closed, unknown »; a list too long: « names 51: must name at most 50 »; a number out of range: « is 2200:
 * must be at most 2100 »; a field the object does not have: « 'colour' is not a field of it »; a field not given: « is missing » (with
 * the values an enum takes). Undefined (zod's own message) for an issue it has no words for. The
 * field is the issue's path, which the caller keeps (`hotline.phone`, `aliases.3`).
 */
export const issueInWords: z.core.$ZodErrorMap = (issue) => {
  const input = issue.input;
  switch (issue.code) {
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'string' && typeof input === 'string') return tooLong(input.length, issue.maximum as number);
      if (issue.origin === 'array' && Array.isArray(input)) return `names ${input.length}: must name at most ${max}`;
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return `is ${quoted(input)}: must be ${issue.inclusive ? 'at most' : 'less than'} ${max}`;
      return undefined;
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'string' && typeof input === 'string')
        return issue.minimum === 1
          ? 'must not be empty'
          : `is ${input.length} characters long: must be at least ${min}`;
      if (issue.origin === 'array' && Array.isArray(input)) return `names ${input.length}: must name at least ${min}`;
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return `is ${quoted(input)}: must be ${issue.inclusive ? 'at least' : 'more than'} ${min}`;
      return undefined;
    }
    case 'invalid_type': {
      const expected = typeNames[issue.expected] ?? issue.expected;
      if (input === undefined) return `is missing: ${expected} is needed`;
      if (input === null) return `is empty: ${expected} is needed`;
      if (typeof input === 'number' && Number.isNaN(input)) return `must be ${expected}, not NaN`;
      return `must be ${expected}, not ${quoted(input)}`;
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      if (input === undefined)
        return `is missing: ${values.length === 1 ? '' : 'one of '}${values.join(', ')} is needed`;
      return values.length === 1
        ? `${quoted(input)} is not ${values[0]}, the only value allowed`
        : notOneOf(input, values);
    }
    case 'invalid_format': {
      const format = formatNames[issue.format];
      if (format) return `${quoted(input)} is not ${format}`;
      if (issue.format === 'regex') return `${quoted(input)} is not of the form this field takes`;
      return undefined;
    }
    case 'unrecognized_keys':
      return `${issue.keys.map((k) => `'${k}'`).join(', ')} ${issue.keys.length > 1 ? 'are not fields' : 'is not a field'} of it`;
    case 'invalid_union':
      return input === undefined ? 'is missing' : `${quoted(input)} is of none of the forms this field takes`;
    default:
      return undefined;
  }
};
