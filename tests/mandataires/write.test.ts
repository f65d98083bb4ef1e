// Writing mandataires: practitioners, firms and their rules.
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { upgradeLegacyPhones } from '../../src/modules/mandataires/legacy-phones.js';
import { getJson, testApp } from '../setup/app.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let databaseUrl: string;
let send: Awaited<ReturnType<typeof writer>>;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp());
  send = await writer(app, db);
});

const may2020 = 'en-contact-2020-05-15-mandataires-judiciaires-croulent-sous-les-appels';
const cite = (source: string, quote: string) => [{ source, quote }];

/** Every usual writing of one number, and the E.164 and national forms it is stored and shown in. */
const phoneWritings: [string, string, string][] = [
  ['+33 1 44 55 66 77', '+33144556677', '01 44 55 66 77'],
  ['0033 1 44 55 66 77', '+33144556677', '01 44 55 66 77'],
  ['+33 (0)1 44 55 66 77', '+33144556677', '01 44 55 66 77'],
  ['01.44.55.66.77', '+33144556677', '01 44 55 66 77'],
  ['01-44-55-66-77', '+33144556677', '01 44 55 66 77'],
  ['01\u00a044\u00a055\u00a066\u00a077', '+33144556677', '01 44 55 66 77'],
  ['0800 942 564', '+33800942564', '0 800 94 25 64'],
  ['+33 6 12 34 56 78', '+33612345678', '06 12 34 56 78'],
  // Overseas, in their international and national forms.
  ['+262 262 30 12 34', '+262262301234', '0262 30 12 34'],
  ['0262 30 12 34', '+262262301234', '0262 30 12 34'],
  ['0692 12 34 56', '+262692123456', '0692 12 34 56'],
  ['+262 269 61 12 34', '+262269611234', '0269 61 12 34'],
  ['0269 61 12 34', '+262269611234', '0269 61 12 34'],
  ['+590 590 83 12 34', '+590590831234', '0590 83 12 34'],
  ['0590 83 12 34', '+590590831234', '0590 83 12 34'],
  ['+594 594 30 12 34', '+594594301234', '0594 30 12 34'],
  ['0594 30 12 34', '+594594301234', '0594 30 12 34'],
  ['+596 596 70 12 34', '+596596701234', '0596 70 12 34'],
  ['0596 70 12 34', '+596596701234', '0596 70 12 34'],
  ['0696 20 12 34', '+596696201234', '0696 20 12 34'],
  // The Comoros' code, which Mayotte used before 2007: shown with its country code.
  ['+269 321 23 45', '+2693212345', '+269 321 23 45'],
];

describe('mandataires', () => {
  it('rewrites in E.164, at start, the numbers stored in the former national form', async () => {
    await db.execute(sql`
      insert into mandataires (id, name, kind, country, phone, hotline) values
        ('legacy-reunion', 'Étude ancienne', 'firm', 'FR', '0262301234',
         '{"phone": "0800942564", "opened_on": null, "closed_on": null, "calls_answered": null,
           "practitioners_answering": null, "average_call_minutes": null,
           "share_answered_without_wait": null, "notes": null}'),
        ('legacy-paris', 'Étude parisienne', 'firm', 'FR', '0144556677', null),
        ('legacy-odd', 'Étude étrange', 'firm', 'FR', '12', null)`);
    const connection = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      expect(await upgradeLegacyPhones(connection)).toBe(2);
      // Once done, nothing is left to do.
      expect(await upgradeLegacyPhones(connection)).toBe(0);
    } finally {
      await connection.end();
    }
    const rows = await db.execute<{ id: string; phone: string; hotline_phone: string | null }>(sql`
      select id, phone, hotline ->> 'phone' as hotline_phone from mandataires where id like 'legacy-%' order by id`);
    expect([...rows]).toEqual([
      { id: 'legacy-odd', phone: '12', hotline_phone: null },
      { id: 'legacy-paris', phone: '+33144556677', hotline_phone: null },
      { id: 'legacy-reunion', phone: '+262262301234', hotline_phone: '+33800942564' },
    ]);
  });

  it.each(phoneWritings)('takes the phone %s, stores %s and shows %s', async (phone, e164, national) => {
    const created = await send('POST', '/v1/mandataires', {
      name: `Étude Téléphone ${phone}`,
      kind: 'firm',
      phone,
      hotline: { phone },
      citations: cite(may2020, 'l’étude Meynet'),
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ phone: e164, phone_national: national });
    expect(created.json().hotline).toMatchObject({ phone: e164, phone_national: national });
    const [row] = await db.execute<{ phone: string; hotline_phone: string }>(
      sql`select phone, hotline ->> 'phone' as hotline_phone from mandataires where id = ${created.json().id}`,
    );
    expect(row).toEqual({ phone: e164, hotline_phone: e164 });
  });

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
    expect(created.json()).toMatchObject({
      phone: '+33123456789',
      phone_national: '01 23 45 67 89',
      firm: { id: 'etude-meynet', name: 'Étude Meynet' },
    });
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
    [{ phone: '12 34' }, 'phone', "'12 34' is not a phone number"],
    [{ phone: '01 23 45 67' }, 'phone', "'01 23 45 67' is not a phone number"],
    [{ phone: '+33 1 23' }, 'phone', "'+33 1 23' is not a phone number"],
    [{ phone: 'Paris 01' }, 'phone', "'Paris 01' is not a phone number"],
    [{ hotline: { phone: '0800 00' } }, 'hotline.phone', "'0800 00' is not a phone number"],
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
