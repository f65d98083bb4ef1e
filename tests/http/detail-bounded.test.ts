// A detail embeds a bounded number of the entries of a list that can grow without bound (verify11c fault 09: a
// practitioner appointed in 3,007 proceedings answered 842 KB of JSON, a 708 KB page): the first 20 in a stated
// order, the total, and the URL of the paginated list that gives them all; the page links to them. The ETag follows
// the embedded entries and the total.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { mandataires } from '../../src/db/schema/index.js';
import { embeddedLimit } from '../../src/listing/embedded.js';
import { collectPages, getJson, testApp } from '../setup/app.js';
import { createOperator, createSite, uniqueId } from '../setup/factories.js';

let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await testApp());
});

/** Inserts `count` proceedings `<prefix>-<n>` opened on days of 2000 onwards (n-th the latest), the first `closed` closed. */
async function insertProceedings(prefix: string, count: number, closed: number, mandataireId: string) {
  await db.execute(sql`
    insert into proceedings (id, company_name, kind, date, closed_on)
    select ${prefix} || '-' || g, 'Société ' || g, 'redressement_judiciaire',
           to_char(date '2000-01-01' + g, 'YYYY-MM-DD'),
           case when g <= ${closed} then to_char(date '2000-01-01' + g + 400, 'YYYY-MM-DD') end
      from generate_series(1, ${count}::int) g`);
  await db.execute(sql`
    insert into proceeding_practitioners (proceeding_id, mandataire_id, role, source_id, quote)
    select ${prefix} || '-' || g, ${mandataireId}, 'mandataire_judiciaire', ${source}, 'Me Paul Durand'
      from generate_series(1, ${count}::int) g`);
}

/** A source of the seed, for the appointments inserted here. */
const source = 'en-contact-2017-04-26-fin-de-partie-ipg';

const etagOf = async (url: string) => (await app.inject({ method: 'GET', url })).headers.etag as string;

describe("a practitioner's detail (fault 09)", () => {
  const firm = uniqueId('test-firm');
  const practitioner = uniqueId('test-practitioner');
  const partner = uniqueId('test-practitioner');
  const prefix = uniqueId('test-proceeding');

  beforeAll(async () => {
    await db.insert(mandataires).values([
      { id: firm, name: 'SELARL Test Mandataires', kind: 'firm' },
      { id: practitioner, name: 'Paul Durand', kind: 'practitioner', firm_id: firm },
      { id: partner, name: 'Anne Martin', kind: 'practitioner', firm_id: firm },
    ]);
    // 3,007 proceedings, as the fault's import made; the 7 oldest closed.
    await insertProceedings(prefix, 3007, 7, practitioner);
    // The partner is appointed in the latest one too: the firm lists it twice, counts it once.
    await db.execute(sql`insert into proceeding_practitioners (proceeding_id, mandataire_id, role, source_id, quote)
      values (${`${prefix}-3007`}, ${partner}, 'administrateur_judiciaire', ${source}, 'Me Anne Martin')`);
  });

  it('embeds the 20 latest current proceedings, the total and the list that gives them all', async () => {
    const response = await app.inject({ method: 'GET', url: `/v1/mandataires/${practitioner}` });
    expect(response.statusCode).toBe(200);
    // 842 KB before; now the 20 proceedings, the 7 former ones (closed) and the head of the entry.
    expect(response.body.length).toBeLessThan(16_000);
    const body = response.json();
    expect(embeddedLimit).toBe(20);
    expect(body.proceedings).toHaveLength(20);
    // The current mandates: the 3,000 proceedings not closed (verify43 02); the 7 closed are former appointments.
    expect(body.proceedings_total).toBe(3000);
    expect(body.former_proceedings_total).toBe(7);
    expect(body.proceedings_url).toBe(`/v1/proceedings?mandataire=${practitioner}&status=open&sort=-date`);
    // The latest opened first: 3007, 3006… 2988.
    expect(body.proceedings.map((p: { id: string }) => p.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => `${prefix}-${3007 - i}`),
    );
    expect(body.proceedings[0]).toMatchObject({ date: '2008-03-26', closed_on: null, role: 'mandataire_judiciaire' });
  });

  it('pages through all 3,000 current ones at its list URL, each once, with the same total', async () => {
    const { body } = await getJson(app, `/v1/mandataires/${practitioner}`);
    const { rows, pages, totals } = await collectPages(app, `${body.proceedings_url}&limit=100`);
    expect(pages).toBe(30);
    expect(new Set(totals)).toEqual(new Set([3000]));
    expect(rows).toHaveLength(3000);
    expect(new Set(rows.map((r) => r.id))).toEqual(
      new Set(Array.from({ length: 3000 }, (_, i) => `${prefix}-${i + 8}`)),
    );
    // The list's first page, latest first, begins as the detail does.
    expect(rows.slice(0, 3).map((r) => r.id)).toEqual([`${prefix}-3007`, `${prefix}-3006`, `${prefix}-3005`]);
  });

  it("counts a proceeding two of a firm's members are appointed in once, as its list does", async () => {
    const { body } = await getJson(app, `/v1/mandataires/${firm}`);
    expect(body.proceedings_total).toBe(3000);
    expect(body.proceedings).toHaveLength(20);
    // The latest proceeding, once per member appointed in it.
    expect(body.proceedings.slice(0, 2).map((p: { practitioner: { id: string } }) => p.practitioner.id)).toEqual(
      [partner, practitioner].sort(),
    );
    expect(body.members).toEqual([
      { id: partner, name: 'Anne Martin' },
      { id: practitioner, name: 'Paul Durand' },
    ]);
    expect(body.members_total).toBe(2);
    expect(body.members_url).toBe(`/v1/mandataires?firm=${firm}`);
    const list = await getJson(app, body.members_url);
    expect(list.body.total).toBe(2);
    expect((await getJson(app, `${body.proceedings_url}&limit=1`)).body.total).toBe(3000);
  });

  it('changes its ETag when one more proceeding is added, though the 20 shown stay the same', async () => {
    const url = `/v1/mandataires/${practitioner}`;
    const before = await etagOf(url);
    expect((await app.inject({ method: 'GET', url, headers: { 'if-none-match': before } })).statusCode).toBe(304);
    // An older proceeding: not among the 20 latest, only the total changes.
    await db.execute(sql`insert into proceedings (id, company_name, kind, date)
      values (${`${prefix}-old`}, 'Société ancienne', 'liquidation_judiciaire', '1990')`);
    await db.execute(sql`insert into proceeding_practitioners (proceeding_id, mandataire_id, source_id, quote)
      values (${`${prefix}-old`}, ${practitioner}, ${source}, 'Me Paul Durand')`);
    const response = await app.inject({ method: 'GET', url, headers: { 'if-none-match': before } });
    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).not.toBe(before);
    expect(response.json().proceedings_total).toBe(3001);
    expect(response.json().proceedings.map((p: { id: string }) => p.id)).not.toContain(`${prefix}-old`);
  });

  it('says so on its page, with links to all of them: the results page and the CSV', async () => {
    const page = await app.inject({ method: 'GET', url: `/mandataires/${practitioner}` });
    expect(page.statusCode).toBe(200);
    expect(page.body.length).toBeLessThan(60_000);
    const text = page.body.replace(/<[^>]+>/g, '').replace(/\u202f/g, ' ');
    expect(text).toContain('Fiche limitée à 20 procédures sur 3 001. Voir les 3 001 procédures · les 3 001 en CSV');
    expect(page.body).toContain(`href="/recherche?kind=proceeding&amp;mandataire=${practitioner}&amp;status=open"`);
    const csvLink = `/v1/proceedings/export?format=csv&mandataire=${practitioner}&status=open`;
    expect(page.body).toContain(`href="${csvLink.replaceAll('&', '&amp;')}"`);
    const csv = await app.inject({ method: 'GET', url: csvLink });
    expect(csv.statusCode).toBe(200);
    // The header and one line a proceeding.
    expect(csv.body.trimEnd().split('\n')).toHaveLength(3002);
    // The total and the list's URL are not shown as attributes of the entry.
    expect(text).not.toMatch(/proceedings_(total|url)/);
  });
});

describe("an operator's detail", () => {
  let operator: string;
  const prefix = uniqueId('test-site');

  beforeAll(async () => {
    operator = (await createOperator(db, { name: 'Externalisateur aux mille sites', kind: 'outsourcer' })).id;
    // 150 sites: every third closed; names « Site 001 »… so that their order is known.
    await db.execute(sql`
      insert into sites (id, name, country, commune, status, operator_id)
      select ${prefix} || '-' || g, 'Site ' || lpad(g::text, 3, '0'), 'FR', 'Amiens',
             (case when g % 3 = 0 then 'closed' else 'open' end)::site_status, ${operator}
        from generate_series(1, 150) g`);
  });

  it('embeds its 20 first current sites by name, the total and the list that gives them all', async () => {
    const { status, body } = await getJson(app, `/v1/operators/${operator}`);
    expect(status).toBe(200);
    expect(body.sites_total).toBe(150);
    expect(body.sites_url).toBe(`/v1/sites?operator=${operator}`);
    const open = Array.from({ length: 150 }, (_, i) => i + 1).filter((g) => g % 3 !== 0);
    expect(body.sites.map((s: { id: string }) => s.id)).toEqual(open.slice(0, 20).map((g) => `${prefix}-${g}`));
    expect(body.sites.every((s: { status: string }) => s.status === 'open')).toBe(true);
    expect(body.subsidiaries).toEqual([]);
    expect(body.subsidiaries_total).toBe(0);
    expect(body.subsidiaries_url).toBe(`/v1/operators?parent=${operator}`);

    const { rows, totals } = await collectPages(app, `${body.sites_url}&limit=100`);
    expect(new Set(totals)).toEqual(new Set([150]));
    expect(new Set(rows.map((r) => r.id))).toEqual(
      new Set(Array.from({ length: 150 }, (_, i) => `${prefix}-${i + 1}`)),
    );
  });

  it('changes its ETag when one more site is added, and answers 304 to the new one', async () => {
    const url = `/v1/operators/${operator}`;
    const before = await etagOf(url);
    // Closed and last by name: the 20 shown stay the same, the total changes.
    await createSite(db, { id: `${prefix}-last`, name: 'Site zzz', status: 'closed', closed_on: '2020', operator });
    const response = await app.inject({ method: 'GET', url, headers: { 'if-none-match': before } });
    expect(response.statusCode).toBe(200);
    expect(response.json().sites_total).toBe(151);
    const after = response.headers.etag as string;
    expect(after).not.toBe(before);
    expect((await app.inject({ method: 'GET', url, headers: { 'if-none-match': after } })).statusCode).toBe(304);
  });

  it('says so on its page with a link to all of them', async () => {
    const page = await app.inject({ method: 'GET', url: `/operators/${operator}` });
    const text = page.body.replace(/<[^>]+>/g, '').replace(/\u202f/g, ' ');
    expect(text).toContain('Fiche limitée à 20 sites sur 151. Voir les 151 sites · les 151 en CSV');
    expect(page.body).toContain(`href="/recherche?kind=site&amp;operator=${operator}"`);
  });

  it('lists every subsidiary up to the bound, then the first 20 by name with the total', async () => {
    const parent = (await createOperator(db, { name: 'Groupe aux filiales' })).id;
    await db.execute(sql`
      insert into operators (id, name, parent_id)
      select ${parent} || '-f' || g, 'Filiale ' || lpad(g::text, 2, '0'), ${parent} from generate_series(1, 25) g`);
    const { body } = await getJson(app, `/v1/operators/${parent}`);
    expect(body.subsidiaries.map((s: { name: string }) => s.name)).toEqual(
      Array.from({ length: 20 }, (_, i) => `Filiale ${String(i + 1).padStart(2, '0')}`),
    );
    expect(body.subsidiaries_total).toBe(25);
    const list = await getJson(app, `${body.subsidiaries_url}&limit=20`);
    expect(list.body.total).toBe(25);
    expect(list.body.data.map((s: { id: string }) => s.id)).toEqual(body.subsidiaries.map((s: { id: string }) => s.id));
  });
});
