// The aliases' rules, the same for every kind that has them (operators, sites): each once and never the entry's own
// name (case and accents aside), at most 50, a merge included. Called from each kind's write tests.
import { expect, it } from 'vitest';

type Send = (
  method: 'POST' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ statusCode: number; json(): { errors?: unknown }; headers: Record<string, unknown> }>;

/**
 * The tests of the aliases' rules for the kind at `/v1/<plural>`: `entry(overrides)` is a valid create body (with
 * its citations); `client()` sends with a write key and reads.
 */
export function aliasRules(
  plural: string,
  entry: (overrides: Record<string, unknown>) => Record<string, unknown>,
  client: () => { send: Send; get: (url: string) => Promise<{ statusCode: number }> },
) {
  const send = () => client().send;
  it('refuses an alias written twice or equal to the name (case and accents aside), naming aliases.N', async () => {
    const response = await send()(
      'POST',
      `/v1/${plural}`,
      entry({ id: `${plural}-alias-twice`, name: 'Même Nom', aliases: ['Autre', 'Même', 'meme', 'MÊME NOM'] }),
    );
    // A repeat is the body's own fault (400); the name is checked with the entry as it stands (422).
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { in: 'body', name: 'aliases.2', message: "repeats aliases.1 ('Même'), case and accents aside" },
    ]);
    const own = await send()(
      'POST',
      `/v1/${plural}`,
      entry({ id: `${plural}-alias-own`, name: 'Même Nom', aliases: ['Autre', 'MÊME nom'] }),
    );
    expect(own.statusCode).toBe(422);
    expect(own.json().errors).toEqual([
      { in: 'body', name: 'aliases.1', message: "is the entry's own name (case and accents aside)" },
    ]);
    // A PATCH of the name alone is checked against the stored aliases.
    const created = await send()(
      'POST',
      `/v1/${plural}`,
      entry({ id: `${plural}-alias-renamed`, name: 'Nom Premier', aliases: ['Nom Second'] }),
    );
    expect(created.statusCode).toBe(201);
    const renamed = await send()(
      'PATCH',
      `/v1/${plural}/${plural}-alias-renamed`,
      { name: 'Nom second', citations: entry({}).citations },
      { 'if-match': '"v1"' },
    );
    expect(renamed.statusCode).toBe(422);
    expect(renamed.json().errors).toEqual([
      { in: 'body', name: 'aliases.0', message: "is the entry's own name (case and accents aside)" },
    ]);
  });

  it('refuses a merge that would leave the survivor more than 50 aliases, naming aliases and the count', async () => {
    const fifty = Array.from({ length: 50 }, (_, i) => `Ancien nom ${i + 1}`);
    const survivor = await send()(
      'POST',
      `/v1/${plural}`,
      entry({ id: `${plural}-fifty-aliases`, name: 'Cinquante Alias', aliases: fifty }),
    );
    expect(survivor.statusCode).toBe(201);
    const duplicate = await send()(
      'POST',
      `/v1/${plural}`,
      entry({ id: `${plural}-three-aliases`, name: 'Trois Alias', aliases: ['Un', 'Deux', 'Ancien nom 1', 'Trois'] }),
    );
    expect(duplicate.statusCode).toBe(201);
    const merged = await send()(
      'POST',
      `/v1/${plural}/${plural}-three-aliases/merge`,
      { into: `${plural}-fifty-aliases`, citations: entry({}).citations },
      { 'if-match': '"v1"' },
    );
    expect(merged.statusCode).toBe(422);
    expect(merged.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(merged.json().errors).toEqual([
      {
        in: 'body',
        name: 'aliases',
        message:
          `the merge would give '${plural}-fifty-aliases' 54 aliases (its 50, the duplicate's name and aliases), ` +
          'more than the 50 an entry has: remove some of its aliases first',
      },
    ]);
    // Nothing merged: the duplicate still answers.
    expect((await client().get(`/v1/${plural}/${plural}-three-aliases`)).statusCode).toBe(200);
    expect((await client().get(`/v1/${plural}/${plural}-fifty-aliases`)).statusCode).toBe(200);
  });
}
