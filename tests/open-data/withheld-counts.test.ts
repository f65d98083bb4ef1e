// What the public is told counts only what it may see: a refused delete names the shown entries that still refer to
// the entry, and says of withheld ones (Sirene's non-diffusible sites and operators, practitioners withdrawn with
// their BODACC notices) neither how many nor which, while they still refuse the delete; a detail's lists and the ids
// it shows leave withheld entries out.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { mandataireWrites } from '../../src/modules/mandataires/writes.js';
import { operatorWrites } from '../../src/modules/operators/writes.js';
import { siteWrites } from '../../src/modules/sites/writes.js';
import { setWithdrawn, setWithheld } from '../../src/writes/withhold.js';
import { getJson, testApp } from '../setup/app.js';
import { createOperator, createSite } from '../setup/factories.js';
import { writer } from '../setup/writer.js';

const source = 'en-contact-2017-04-26-fin-de-partie-ipg';
/** A source of its own for what the API writes here (no text held: no seeded article says these names). */
const ownSource = { url: 'https://example.org/tests/withheld-counts', title: 'Entrées de test', outlet: 'Test' };
const actor = { keyId: null, name: 'test' };

let app: App;
let db: Db;
let send: Awaited<ReturnType<typeof writer>>;
beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db);
});

const remove = async (url: string) => {
  const { etag } = (await app.inject({ method: 'GET', url })).headers;
  return send('DELETE', url, undefined, { 'if-match': etag as string });
};

describe('deleting an operator still referred to', () => {
  it('counts the shown sites only, and refuses for the withheld one without counting it', async () => {
    const operator = (await createOperator(db, { id: 'appels-mixtes', name: 'Appels Mixtes' })).id;
    const shownSite = (await createSite(db, { operator })).id;
    const hidden = [(await createSite(db, { operator })).id, (await createSite(db, { operator })).id];
    await setWithheld(db, actor, siteWrites.spec.target, hidden, true);

    const detail = await getJson(app, `/v1/operators/${operator}`);
    expect(detail.body.sites.map((s: { id: string }) => s.id)).toEqual([shownSite]);
    const refused = await remove(`/v1/operators/${operator}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe(
      "The operator 'appels-mixtes' is still referenced by 1 sites and by entries not shown to the public: it " +
        'cannot be deleted while they are; merge it into another operator instead.',
    );

    // The shown site gone, the withheld ones still refuse it, in words that count nothing.
    await remove(`/v1/sites/${shownSite}`);
    const still = await remove(`/v1/operators/${operator}`);
    expect(still.statusCode).toBe(409);
    expect(still.json().detail).toBe(
      "The operator 'appels-mixtes' is still referenced by entries not shown to the public: it cannot be deleted " +
        'while they are; merge it into another operator instead.',
    );
    expect((await getJson(app, `/v1/operators/${operator}`)).status).toBe(200);
  });

  it('says as before what shown entries refer to it when none is withheld', async () => {
    const operator = (await createOperator(db, { id: 'appels-visibles', name: 'Appels Visibles' })).id;
    await createSite(db, { operator });
    await createOperator(db, { parent: operator });
    const refused = await remove(`/v1/operators/${operator}`);
    expect(refused.json().detail).toBe(
      "The operator 'appels-visibles' is still referenced by 1 sites, 1 subsidiaries: change or delete them " +
        'first, or merge it into another operator.',
    );
  });

  it('counts a withheld subsidiary apart, and the sites of client links by whether the site is shown', async () => {
    const operator = (await createOperator(db, { id: 'appels-meres', name: 'Appels Mères' })).id;
    const subsidiary = (await createOperator(db, { parent: operator })).id;
    const site = (await createSite(db)).id;
    await db.execute(sql`
      insert into site_clients (site_id, name, operator_id, source_id, quote)
      values (${site}, 'Appels Mères', ${operator}, ${source}, 'Appels Mères')`);
    await setWithheld(db, actor, operatorWrites.spec.target, [subsidiary], true);
    await setWithheld(db, actor, siteWrites.spec.target, [site], true);
    expect((await getJson(app, `/v1/operators/${operator}`)).body.subsidiaries).toEqual([]);
    const refused = await remove(`/v1/operators/${operator}`);
    expect(refused.json().detail).toBe(
      "The operator 'appels-meres' is still referenced by entries not shown to the public: it cannot be deleted " +
        'while they are; merge it into another operator instead.',
    );
  });
});

describe('the ids of withheld operators in the lists of a detail', () => {
  it('reads null in a site’s clients and a club’s affiliations, the words of the source kept', async () => {
    const hidden = (await createOperator(db, { id: 'client-discret', name: 'Client Discret' })).id;
    const site = (await createSite(db)).id;
    await db.execute(sql`
      insert into site_clients (site_id, name, operator_id, source_id, quote)
      values (${site}, 'Client Discret', ${hidden}, ${source}, 'Client Discret')`);
    await db.execute(sql`
      insert into club_affiliations (club_id, relation, name, operator_id, source_id, quote)
      values ('club-amiens', 'member', 'Client Discret', ${hidden}, ${source}, 'Client Discret')`);
    const clientOf = async () => (await getJson(app, `/v1/sites/${site}`)).body.clients[0].operator_id;
    const memberOf = async () =>
      (await getJson(app, '/v1/clubs/club-amiens')).body.affiliations.find(
        (a: { name: string }) => a.name === 'Client Discret',
      ).operator_id;
    expect([await clientOf(), await memberOf()]).toEqual([hidden, hidden]);
    await setWithheld(db, actor, operatorWrites.spec.target, [hidden], true);
    expect([await clientOf(), await memberOf()]).toEqual([null, null]);
  });
});

describe('the proceedings a practitioner’s entry lists', () => {
  it('name a withheld operator by no id', async () => {
    const hidden = (await createOperator(db, { id: 'societe-discrete', name: 'Société Discrète' })).id;
    const citations = [{ source: ownSource, quote: 'Société Discrète' }];
    const created = await send('POST', '/v1/proceedings', {
      company_name: 'Société Discrète',
      kind: 'redressement_judiciaire',
      operator: hidden,
      citations,
    });
    expect(created.statusCode).toBe(201);
    await mandataireWrites.create(
      { db, actor },
      mandataireWrites.createBody.parse({ id: 'marc-public', name: 'Marc Public', kind: 'practitioner', citations }),
    );
    await db.execute(sql`
      insert into proceeding_practitioners (proceeding_id, mandataire_id, role, source_id, quote)
      values (${created.json().id}, 'marc-public', 'liquidateur', ${source}, 'Marc Public')`);
    const operatorOf = async () =>
      (await getJson(app, '/v1/mandataires/marc-public')).body.proceedings.map(
        (p: { operator_id: string }) => p.operator_id,
      );
    expect(await operatorOf()).toEqual([hidden]);
    await setWithheld(db, actor, operatorWrites.spec.target, [hidden], true);
    expect(await operatorOf()).toEqual([null]);
  });
});

describe('a firm whose practitioner was withdrawn with its BODACC notices', () => {
  it('lists only its shown members, and refuses its delete without counting the withdrawn one', async () => {
    const citations = [{ source: ownSource, quote: 'Étude' }];
    for (const body of [
      { id: 'etude-discrete', name: 'Étude Discrète', kind: 'firm' },
      { id: 'paul-discret', name: 'Paul Discret', kind: 'practitioner', firm: 'etude-discrete' },
      { id: 'lea-visible', name: 'Léa Visible', kind: 'practitioner', firm: 'etude-discrete' },
    ])
      await mandataireWrites.create({ db, actor }, mandataireWrites.createBody.parse({ ...body, citations }));
    await setWithdrawn(db, actor, mandataireWrites.spec.target, [{ id: 'paul-discret', citations: [] }], true);

    const firm = await getJson(app, '/v1/mandataires/etude-discrete');
    expect(firm.body.members).toEqual([{ id: 'lea-visible', name: 'Léa Visible' }]);
    const list = await getJson(app, '/v1/mandataires?firm=etude-discrete');
    expect({ total: list.body.total, ids: list.body.data.map((m: { id: string }) => m.id) }).toEqual({
      total: 1,
      ids: ['lea-visible'],
    });
    const exported = await app.inject({
      method: 'GET',
      url: '/v1/mandataires/export?format=jsonl&firm=etude-discrete',
    });
    expect(
      exported.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual(['lea-visible']);
    expect(exported.body).not.toContain('withheld');
    const refused = await remove('/v1/mandataires/etude-discrete');
    expect(refused.json().detail).toBe(
      "The mandataire 'etude-discrete' is still referenced by 1 members and by entries not shown to the public: " +
        'it cannot be deleted while they are; merge it into another mandataire instead.',
    );
  });
});
