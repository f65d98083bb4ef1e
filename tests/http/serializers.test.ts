// Response bodies written from the zod response schemas (src/http/serializers.ts): declared fields only, in order;
// nullable fields, including a nullable reference to a named schema, written as null or as their value.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileSerializer } from '../../src/http/serializers.js';

const place = z.object({ id: z.string(), name: z.string() }).meta({ id: 'SerializerTestPlace' });
const entry = z.object({
  id: z.string(),
  status: z.enum(['open', 'closed']).nullable(),
  staff: z.number().int().nullable(),
  place: place.nullable(),
  aliases: z.array(z.string()).nullable(),
});

describe('compileSerializer', () => {
  const serialize = compileSerializer(entry);

  it('writes nullable fields as null', () => {
    expect(serialize({ id: 'a', status: null, staff: null, place: null, aliases: null })).toBe(
      '{"id":"a","status":null,"staff":null,"place":null,"aliases":null}',
    );
  });

  it('writes their values, the declared fields only, of a nullable named schema too', () => {
    const body = { id: 'a', status: 'open', staff: 12, place: { id: 'p', name: 'Amiens', x: 1 }, aliases: ['b'], y: 2 };
    expect(serialize(body)).toBe(
      '{"id":"a","status":"open","staff":12,"place":{"id":"p","name":"Amiens"},"aliases":["b"]}',
    );
  });

  it('throws on a required field missing, inside a nullable one too', () => {
    expect(() => serialize({ status: null, staff: null, place: null, aliases: null })).toThrow(/"id" is required/);
    expect(() => serialize({ id: 'a', status: null, staff: null, place: { id: 'p' }, aliases: null })).toThrow(
      /"name" is required/,
    );
  });
});
