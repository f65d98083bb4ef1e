// Writing mandataires: practitioners, firms and their rules.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { getJson, testApp } from '../setup/app.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let send: Awaited<ReturnType<typeof writer>>;
beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db);
});

const may2020 = 'en-contact-2020-05-15-mandataires-judiciaires-croulent-sous-les-appels';
const cite = (source: string, quote: string) => [{ source, quote }];

describe('mandataires', () => {
  it('creates a practitioner in a firm with a phone number given any French way', async () => {
    const created = await send('POST', '/v1/mandataires', {
      name: 'Maître Exemple',
      kind: 'practitioner',
      profession: 'mandataire_judiciaire',
      firm: 'etude-meynet',
      phone: '+33 1 23 45 67 89',
      citations: cite(may2020, 'l’étude Meynet'),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ phone: '0123456789', firm: { id: 'etude-meynet', name: 'Étude Meynet' } });
    expect((await getJson(app, '/v1/mandataires/etude-meynet')).body.members).toContainEqual({
      id: created.json().id,
      name: 'Maître Exemple',
    });
    // A firm with members is not deleted.
    const meynet = await app.inject({ method: 'GET', url: '/v1/mandataires/etude-meynet' });
    const refused = await send('DELETE', '/v1/mandataires/etude-meynet', undefined, {
      'if-match': meynet.headers.etag as string,
    });
    expect(refused.statusCode).toBe(409);
  });

  it.each([
    [{ phone: '12 34' }, 'phone', "'12 34' is not a French phone number"],
    [{ firm: 'helene-bourbouloux' }, 'firm', "'helene-bourbouloux' is not a firm"],
    [{ firm: 'nobody-firm' }, 'firm', "unknown mandataire 'nobody-firm'"],
  ])('refuses %j with a 422', async (overrides, name, message) => {
    const response = await send('POST', '/v1/mandataires', {
      name: 'Maître Test',
      kind: 'practitioner',
      citations: cite(may2020, 'l’étude Meynet'),
      ...overrides,
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([{ in: 'body', name, message }]);
  });
});

describe('merging a firm', () => {
  it('refuses to merge a firm into one of its own members, with a 409 that says why', async () => {
    const member = await send('POST', '/v1/mandataires', {
      name: 'Maître Membre',
      kind: 'practitioner',
      firm: 'etude-meynet',
      citations: cite(may2020, 'l’étude Meynet'),
    });
    expect(member.statusCode).toBe(201);
    const firm = await app.inject({ method: 'GET', url: '/v1/mandataires/etude-meynet' });
    const refused = await send(
      'POST',
      '/v1/mandataires/etude-meynet/merge',
      { into: member.json().id, citations: cite(may2020, 'l’étude Meynet') },
      { 'if-match': firm.headers.etag as string },
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe(
      `'${member.json().id}' is a member of the firm 'etude-meynet': a firm cannot be merged into one of its own ` +
        `members. Merge '${member.json().id}' into 'etude-meynet' instead, or change its firm first.`,
    );
  });
});
