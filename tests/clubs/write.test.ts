// Writing clubs: create, change, delete, officers, merges.
import { drizzle } from 'drizzle-orm/postgres-js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { resolveCitations, saveSource } from '../../src/citations/input.js';
import type { Db } from '../../src/db/client.js';
import * as schema from '../../src/db/schema/index.js';
import { getJson, testApp } from '../setup/app.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let send: Awaited<ReturnType<typeof writer>>;
beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db);
});

const spotlight = 'en-contact-spotlight-14-clubs-regionaux-relation-client';
const cite = (source: string, quote: string) => [{ source, quote }];

describe('clubs', () => {
  it('creates a club serving a former region, changes it with If-Match, and deletes it', async () => {
    const created = await send('POST', '/v1/clubs', {
      name: 'Club des directeurs de Picardie maritime',
      kind: 'regional_club',
      region: 'Picardie',
      commune: 'Abbeville',
      member_count: 12,
      member_count_as_of: '2024',
      status: 'active',
      citations: cite(spotlight, 'APRC Picardie'),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      served_region_code: '32',
      served_former_region_name: 'Picardie',
      code_commune: '80001',
      member_count: 12,
    });
    const id = created.json().id;
    const changed = await send(
      'PATCH',
      `/v1/clubs/${id}`,
      { status: 'dormant', status_as_of: '2025-01', citations: cite(spotlight, 'APRC Picardie') },
      { 'if-match': '"v1"' },
    );
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      status: 'dormant',
      member_count: 12,
      served_former_region_name: 'Picardie',
    });
    expect(
      (await getJson(app, `/v1/clubs?region=Picardie&status=dormant`)).body.data.map((c: { id: string }) => c.id),
    ).toEqual([id]);
    expect((await send('DELETE', `/v1/clubs/${id}`, undefined, { 'if-match': '"v2"' })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/v1/clubs/${id}` })).statusCode).toBe(410);
  });

  it.each([
    [{ member_count: -3 }, 400, 'member_count'],
    [{ region: 'Atlantide' }, 422, 'region'],
    [{ website: 'not a url' }, 400, 'website'],
  ])('refuses %j', async (overrides, status, name) => {
    const response = await send('POST', '/v1/clubs', {
      name: 'Club test',
      kind: 'regional_club',
      citations: cite(spotlight, 'APRC Picardie'),
      ...overrides,
    });
    expect(response.statusCode).toBe(status);
    expect(response.json().errors.map((e: { name: string }) => e.name)).toContain(name);
  });
});

describe('links', () => {
  it('names an officer of a club, shown on the club and found by search, then removes it', async () => {
    const added = await send('POST', '/v1/clubs/amarc/officers', {
      person: { name: 'Odile Exemple' },
      title: 'présidente',
      current: true,
      citation: { source: spotlight, quote: '(l’AFRC, l’AMARC, l’INRC)' },
    });
    expect(added.statusCode).toBe(201);
    const { role_id, person_id } = added.json();
    const club = (await getJson(app, '/v1/clubs/amarc')).body;
    expect(club.officers).toContainEqual(
      expect.objectContaining({ role_id, person_id, person_name: 'Odile Exemple', title: 'présidente', current: true }),
    );
    const history = (await getJson(app, '/v1/clubs/amarc/history')).body.data;
    expect(history.at(-1)).toMatchObject({
      action: 'update',
      citations: [expect.objectContaining({ fields: ['officers'] })],
    });

    expect((await send('DELETE', `/v1/clubs/amarc/officers/${role_id}`)).statusCode).toBe(204);
    expect((await getJson(app, '/v1/clubs/amarc')).body.officers).not.toContainEqual(
      expect.objectContaining({ role_id }),
    );
    expect((await send('DELETE', `/v1/clubs/amarc/officers/${role_id}`)).statusCode).toBe(404);
  });
});

describe('officers named at once', () => {
  it('makes one person of a new name named on several clubs at once, the others finding it (no 500)', async () => {
    const clubs = ['club-amiens', 'aprc-picardie', 'club-region-nord', 'club-angers'];
    const answers = await Promise.all(
      clubs.map((club) =>
        send('POST', `/v1/clubs/${club}/officers`, {
          person: { name: 'Homonyme Simultané' },
          title: 'président',
          current: true,
          citation: { source: spotlight, quote: '(l’AFRC, l’AMARC, l’INRC)' },
        }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201]);
    expect(answers.map((a) => a.json().person_id)).toEqual(clubs.map(() => 'homonyme-simultane'));
  });
});

describe('a new source cited at once', () => {
  it('is made once when two writes cite it at the same time, both answered 201 (no 500)', async () => {
    const source = {
      url: 'https://www.example.org/club-simultane',
      title: 'Deux clubs, un article',
      outlet: 'Exemple',
    };
    const answers = await Promise.all(
      ['club-des-marguerites', 'aprc-picardie'].map((club) =>
        send('POST', `/v1/clubs/${club}/officers`, {
          person: 'fabrice-mabru',
          title: 'membre',
          citation: { source, quote: 'Deux clubs' },
        }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201]);
    const made = await app.database.sql`select id from sources where url = ${source.url}`;
    expect(made.map((r) => r.id)).toEqual(['exemple-deux-clubs-un-article']);
  });

  it('is made once when two new entries cite it at the same time (the citations of a batch), both answered 201', async () => {
    const source = {
      url: 'https://www.example.org/deux-clubs-nouveaux',
      title: 'Deux clubs nouveaux',
      outlet: 'Exemple',
    };
    const answers = await Promise.all(
      ['Club simultané du Nord', 'Club simultané du Sud'].map((name) =>
        send('POST', '/v1/clubs', { name, kind: 'regional_club', citations: [{ source, quote: 'Deux clubs' }] }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201]);
    const made = await app.database.sql`select id from sources where url = ${source.url}`;
    expect(made.map((r) => r.id)).toEqual(['exemple-deux-clubs-nouveaux']);
  });

  it("takes each new URL's lock in one statement per write: a batch's, or one source's", async () => {
    const statements: string[] = [];
    const logged = drizzle(app.database.sql, { schema, logger: { logQuery: (query) => statements.push(query) } });
    const unknown = { author: null, published_on: null, published_as_printed: null };
    const first = { url: 'https://www.example.org/verrou-un', title: 'Verrou un', outlet: 'Exemple', ...unknown };
    const second = { url: 'https://www.example.org/verrou-deux', title: 'Verrou deux', outlet: 'Exemple', ...unknown };
    const rolledBack = new Error('rolled back');
    const locks = () => statements.filter((q) => q.includes('pg_advisory_xact_lock')).length;
    await expect(
      logged.transaction(async (tx) => {
        const saved = await resolveCitations(tx, [
          { key: 1, list: [{ source: first, quote: 'un', fields: [] }] },
          {
            key: 2,
            list: [
              { source: first, quote: 'un', fields: [] },
              { source: second, quote: 'deux', fields: [] },
              { source: spotlight, quote: 'Lugdunum a son club', fields: [] },
            ],
          },
        ]);
        expect([...saved.lists.values()].flat().map((c) => c.source_id)).toEqual([
          'exemple-verrou-un',
          'exemple-verrou-un',
          'exemple-verrou-deux',
          spotlight,
        ]);
        expect(locks()).toBe(1);
        statements.length = 0;
        expect(await saveSource(tx, { source: first, quote: 'q' })).toEqual({
          id: 'exemple-verrou-un',
          published_on: null,
        });
        expect(locks()).toBe(1);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
  });
});

describe('merging clubs, mandataires and proceedings', () => {
  it('merges a duplicate club, moving its officers; the old id answers 308', async () => {
    const dup = (
      await send('POST', '/v1/clubs', {
        name: 'CPRC Rhône Alpes (doublon)',
        kind: 'regional_club',
        region: 'Rhône-Alpes',
        citations: cite(spotlight, 'CPRC Rhône-Alpes'),
      })
    ).json();
    const officer = await send('POST', `/v1/clubs/${dup.id}/officers`, {
      person: 'fabrice-mabru',
      title: 'président',
      citation: { source: spotlight, quote: 'Fabrice Mabru' },
    });
    expect(officer.statusCode).toBe(201);
    const merged = await send(
      'POST',
      `/v1/clubs/${dup.id}/merge`,
      { into: 'cprc-rhone-alpes', citations: cite(spotlight, 'CPRC Rhône-Alpes') },
      { 'if-match': '"v2"' },
    );
    expect(merged.statusCode).toBe(200);
    expect(merged.json().officers.filter((o: { person_id: string }) => o.person_id === 'fabrice-mabru')).toHaveLength(
      2,
    );
    const old = await app.inject({ method: 'GET', url: `/v1/clubs/${dup.id}` });
    expect(old.statusCode).toBe(308);
    expect(old.headers.location).toBe('/v1/clubs/cprc-rhone-alpes');
  });
});
