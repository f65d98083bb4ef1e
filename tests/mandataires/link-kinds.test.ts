// Links that only some kinds of mandataires may hold: a role in a proceeding (a practitioner or a firm, never the
// national body), a firm (only a practitioner has one), and what a merge would move onto the survivor.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { testApp } from '../setup/app.js';
import { testSource } from '../setup/factories.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let send: Awaited<ReturnType<typeof writer>>;
beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db);
});

const citation = { source: testSource, quote: 'Une fiche de test' };
const citations = [citation];
const star = { 'if-match': '*' };
const link = (mandataire: string) =>
  send('POST', '/v1/proceedings/ipg-depot-de-bilan-2017/practitioners', { mandataire, role: 'liquidateur', citation });

describe('who may hold a role in a proceeding', () => {
  it('refuses the national body with a 422 naming mandataire, nothing linked', async () => {
    const refused = await link('cnajmj');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      { in: 'body', name: 'mandataire', message: "'cnajmj' is the national body, not a practitioner or firm" },
    ]);
    const mandataire = await app.inject({ url: '/v1/mandataires/cnajmj' });
    expect(mandataire.json().proceedings_total).toBe(0);
  });

  it('takes a firm and a practitioner, and refuses a withheld one as unknown', async () => {
    expect((await link('etude-meynet')).statusCode).toBe(204);
    expect((await link('abitbol')).statusCode).toBe(204);
    await db.execute(sql`update mandataires set withheld = true where id = 'rousselet'`);
    const hidden = await link('rousselet');
    expect(hidden.statusCode).toBe(422);
    expect(hidden.json().errors).toEqual([
      { in: 'body', name: 'mandataire', message: "unknown mandataire 'rousselet'" },
    ]);
    await db.execute(sql`update mandataires set withheld = false where id = 'rousselet'`);
  });
});

describe('a firm of the right kind', () => {
  it('refuses a firm for an entry that is not a practitioner', async () => {
    const body = { name: 'Étude sous étude', kind: 'firm', firm: 'etude-meynet', citations };
    const refused = await send('POST', '/v1/mandataires', body);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      { in: 'body', name: 'firm', message: 'only a practitioner belongs to a firm, not a firm' },
    ]);
  });

  it('keeps a firm with members a firm, and merges no members into a practitioner', async () => {
    const member = await send('POST', '/v1/mandataires', {
      name: 'Me Membre',
      kind: 'practitioner',
      firm: 'etude-meynet',
      citations,
    });
    expect(member.statusCode, member.body).toBe(201);
    const changed = await send('PATCH', '/v1/mandataires/etude-meynet', { kind: 'practitioner', citations }, star);
    expect(changed.statusCode).toBe(422);
    expect(changed.json().errors).toEqual([
      {
        in: 'body',
        name: 'kind',
        message: 'practitioners name it as their firm: it stays a firm until they are moved to another one',
      },
    ]);
    const merged = await send('POST', '/v1/mandataires/etude-meynet/merge', { into: 'abitbol', citations }, star);
    expect(merged.statusCode).toBe(409);
    expect(merged.json().detail).toBe(
      "'etude-meynet' has members and 'abitbol' is not a firm: its members would belong to no firm. Merge it into a firm.",
    );
    const intoBody = await send('POST', '/v1/mandataires/abitbol/merge', { into: 'cnajmj', citations }, star);
    expect(intoBody.statusCode).toBe(409);
    expect(intoBody.json().detail).toBe(
      "'abitbol' holds roles in proceedings and 'cnajmj' is the national body, not a practitioner or firm: merge it into one.",
    );
  });
});
