// Two writes giving two entries the same words at the same instant: one is refused, as when sent one after the other
// (writes/ids.ts `lockWords`). verify32 fault 04: two PATCHes renaming two sites of one commune into one name, sent
// together, both answered 200, 4 races of 4.
import { beforeAll, describe, expect, it } from 'vitest';
import { testWriter } from '../setup/writer.js';

let send: Awaited<ReturnType<typeof testWriter>>['send'];
beforeAll(async () => {
  ({ send } = await testWriter());
});

const citations = [{ source: { url: 'https://x.example/race', title: 'Race', outlet: 'O' }, quote: 'q' }];
const star = { 'if-match': '*' };

describe('two renames into the same words at once', () => {
  it('lets one through and refuses the other with the 409 of a rename into an existing entry’s words', async () => {
    for (const n of [1, 2, 3, 4]) {
      const ids: string[] = [];
      for (const name of [`Race ${n} Un`, `Race ${n} Deux`]) {
        const created = await send('POST', '/v1/sites', { name, commune: 'Lens', status: 'open', citations });
        expect(created.statusCode, created.body).toBe(201);
        ids.push(created.json().id);
      }
      const answers = await Promise.all(
        ids.map((id) => send('PATCH', `/v1/sites/${id}`, { name: `Concurrent ${n}`, citations }, star)),
      );
      const won = answers.findIndex((a) => a.statusCode === 200);
      const lost = 1 - won;
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
      expect(answers[lost]!.json().detail).toBe(
        `A site named 'Concurrent ${n}' in Lens exists: '${ids[won]}'. Merge the two instead ('${ids[lost]}' into ` +
          `'${ids[won]}'), or give another name.`,
      );
    }
  });
});
