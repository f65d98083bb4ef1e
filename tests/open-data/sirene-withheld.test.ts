// An entry imported from Sirene while diffusible (O) is withheld when a newer stock says it is not (P): kept in
// PostgreSQL with its history, but shown by no public read (list, search, export, detail, history, page, what cites
// a source, the change feed's data), until a newer stock publishes it again. An entry other sources cite too is left
// as it is and listed in the report, for a person to decide. Against a real PostgreSQL and Meilisearch.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { withheldPseudonym } from '../../src/history/read.js';
import { getJson, hitIds, offlineApp, testApp } from '../setup/app.js';
import { feedCaughtUp } from '../setup/feed.js';
import { importFixtures, legalUnits, stockCsv, writeEditedStock } from '../setup/sirene.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let databaseUrl: string;
let dir: string;
const allo = 'allo-nord-81234567600017';
/** A site of the articles (seed) that the stock also names, by its SIRET. */
const callweb = 'callweb-amiens';

beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp({ searchIndex: true }));
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-sirene-withheld-'));
  // May: every establishment as the fixtures say (Allo Nord diffusible).
  await importFixtures(db, stockCsv, { stockMonth: '2026-05' });
  await app.directorySearch.indexer.runOnce();
});

/** The stock of `month`, Allo Nord and Callweb Amiens with the diffusion status given, Allo Nord's band `band`. */
const stock = (month: string, status: 'O' | 'P', band = '22') =>
  writeEditedStock(path.join(dir, `stock-${month}.csv`), month, {
    '81234567600017': { statutDiffusionEtablissement: status, trancheEffectifsEtablissement: band },
    '79876543400013': { statutDiffusionEtablissement: status },
  });

/** What the public reads show of the sites of the Nord (59), and what search finds of Allo Nord. */
async function publicView() {
  const list = (await getJson(app, '/v1/sites?departement=59&limit=100')).body;
  const exported = await app.inject({ method: 'GET', url: '/v1/sites/export?format=jsonl&departement=59' });
  const ids = (text: string) =>
    text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).id as string);
  await app.directorySearch.indexer.runOnce();
  // By its SIRET, which search matches exactly; and by its name.
  const search = (await getJson(app, '/v1/search?q=81234567600017')).body;
  const named = (await getJson(app, '/v1/search?q=allo%20nord&kind=site')).body;
  return {
    list: list.data.map((s: { id: string }) => s.id) as string[],
    total: list.total as number,
    exported: ids(exported.body),
    search: hitIds(search),
    named: hitIds(named),
  };
}

/** What search without Meilisearch (from PostgreSQL, `degraded`) finds by Allo Nord's SIRET. */
async function degradedSearch() {
  const offline = await offlineApp(app, databaseUrl);
  const found = (await getJson(offline, '/v1/search?q=81234567600017')).body;
  await offline.close();
  expect(found.degraded).toBe(true);
  return hitIds(found);
}

const withoutAllo = (ids: string[]) => ids.filter((id) => id !== allo && id !== `site:${allo}`);
const nonDiffusibleIds = async () =>
  (await db.execute<{ id: string }>(sql`select id from sirene_non_diffusible order by id`)).map((r) => r.id);

describe('import:sirene, an entry a newer stock says is not to be published', () => {
  let shown: Awaited<ReturnType<typeof publicView>>;
  let changesBefore: number;

  it('withholds a site only Sirene cites, and lists one the articles cite too', async () => {
    shown = await publicView();
    expect(shown.list).toContain(allo);
    expect(shown.exported).toContain(allo);
    expect(shown.search).toEqual([`site:${allo}`]);
    expect(shown.named).toEqual([`site:${allo}`]);
    expect(await degradedSearch()).toEqual([`site:${allo}`]);
    expect((await getJson(app, `/v1/sites/${allo}`)).status).toBe(200);
    changesBefore = (await getJson(app, `/v1/sites/${allo}/history`)).body.data.length;

    const june = await stock('2026-06', 'P');
    // A dry run writes nothing, and says what it would do.
    const dry = await importFixtures(db, june, { dryRun: true });
    expect(dry.withheld).toEqual([{ kind: 'site', entry: allo, identifier: 'SIRET 81234567600017' }]);
    expect(dry.applied).toBe(false);
    expect((await getJson(app, `/v1/sites/${allo}`)).status).toBe(200);

    const report = await importFixtures(db, june);
    expect(report.applied).toBe(true);
    expect(report.nonDiffusible).toEqual({ establishments: 4, legalUnits: 1 });
    expect(report.withheld).toEqual([{ kind: 'site', entry: allo, identifier: 'SIRET 81234567600017' }]);
    expect(report.shownAgain).toEqual([]);
    expect(report.nonDiffusibleElsewhere).toEqual([
      {
        kind: 'site',
        entry: callweb,
        identifier: 'SIRET 79876543400013',
        sources: ['en-contact-spotlight-14-clubs-regionaux-relation-client'],
      },
    ]);
    expect(await nonDiffusibleIds()).toEqual(['79876543400013', '81234567600017', '84444444800014', '877777771']);
  });

  it('shows the withheld site in no public read', async () => {
    const now = await publicView();
    expect(now.list).toEqual(withoutAllo(shown.list));
    expect(now.total).toBe(shown.total - 1);
    expect(now.exported).toEqual(withoutAllo(shown.exported));
    expect(now.search).toEqual([]);
    expect(now.named).not.toContain(`site:${allo}`);
    // Search without Meilisearch (PostgreSQL) neither.
    expect(await degradedSearch()).toEqual([]);

    const detail = await app.inject({ method: 'GET', url: `/v1/sites/${allo}` });
    expect(detail.statusCode).toBe(410);
    expect(detail.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(detail.json()).toMatchObject({
      status: 410,
      code: 'gone',
      detail: `The site '${allo}' is withheld: INSEE's Sirene says it is not to be published (statutDiffusion P).`,
    });
    const history = await app.inject({ method: 'GET', url: `/v1/sites/${allo}/history` });
    expect(history.statusCode).toBe(410);
    expect(history.json().detail).toBe(detail.json().detail);

    const page = await app.inject({ method: 'GET', url: `/sites/${allo}` });
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('Fiche retirée');
    expect(page.body).not.toContain('ALLO NORD');
    expect(page.body).not.toContain('NATIONALE');

    // Its operator lists its other site only; the stock's source names it no more.
    const operator = (await getJson(app, '/v1/operators/contacts-du-nord-812345676')).body;
    expect(operator.sites.map((s: { id: string }) => s.id)).toEqual(['contacts-du-nord-81234567600025']);
    const source = await app.inject({ method: 'GET', url: '/sources/insee-sirene-stock-2026-05' });
    expect(source.statusCode).toBe(200);
    expect(source.body).not.toContain('ALLO NORD');

    // A write answers as a read does.
    const send = await writer(app, db);
    const patch = await send(
      'PATCH',
      `/v1/sites/${allo}`,
      { notes: 'x', citations: [{ source: 'insee-sirene-stock-2026-05', quote: 'x' }] },
      { 'if-match': '"v1"' },
    );
    expect(patch.statusCode).toBe(410);

    // The feed says it was withheld, and shows nothing of it: not even its id (its enseigne and SIRET), named by its
    // pseudonym.
    const since = await feedCaughtUp(app, db, allo);
    const feed = (await getJson(app, `/v1/changes?since=${since}&limit=100`)).body.data as {
      entity_id: string;
      action: string;
      before: unknown;
      after: unknown;
      citations: unknown[];
    }[];
    expect(feed.filter((c) => c.entity_id === allo)).toEqual([]);
    const its = feed.filter((c) => c.entity_id === withheldPseudonym('site', allo));
    expect(its.map((c) => c.action)).toEqual(['create', 'withhold']);
    expect(its.map((c) => [c.before, c.after, c.citations])).toEqual([
      [null, null, []],
      [null, null, []],
    ]);

    // Kept in PostgreSQL, with its history.
    const [row] = await db.execute<{ withheld: boolean; changes: number }>(sql`
      select withheld, (select count(*)::int from changes where entity_id = ${allo}) as changes
        from sites where id = ${allo}`);
    expect(row).toEqual({ withheld: true, changes: changesBefore + 1 });

    // The site the articles cite too is as it was.
    expect((await getJson(app, `/v1/sites/${callweb}`)).status).toBe(200);
  });

  it('leaves it withheld when the next stock says it again, and shows it again once one publishes it', async () => {
    const again = await importFixtures(db, await stock('2026-07', 'P'));
    expect([again.withheld, again.shownAgain]).toEqual([[], []]);
    expect((await getJson(app, `/v1/sites/${allo}`)).status).toBe(410);

    // August publishes it, with a new headcount band.
    const report = await importFixtures(db, await stock('2026-08', 'O', '31'));
    expect(report.shownAgain).toEqual([{ kind: 'site', entry: allo, identifier: 'SIRET 81234567600017' }]);
    expect(report.withheld).toEqual([]);
    expect(report.nonDiffusibleElsewhere).toEqual([]);
    expect(await nonDiffusibleIds()).toEqual(['84444444800014', '877777771']);

    const detail = await getJson(app, `/v1/sites/${allo}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ name: 'ALLO NORD', tranche_effectifs: '31', annee_effectifs: 2023 });
    const now = await publicView();
    expect(now).toEqual(shown);
    const page = await app.inject({ method: 'GET', url: `/sites/${allo}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('ALLO NORD');
    const history = (await getJson(app, `/v1/sites/${allo}/history`)).body.data as {
      action: string;
      after: { tranche_effectifs: string } | null;
    }[];
    // Shown again with the row as it stood (for a copy kept from the feed), then August's facts.
    expect(history.map((c) => [c.action, c.after?.tranche_effectifs ?? null])).toEqual([
      ['create', '22'],
      ['withhold', null],
      ['publish', '22'],
      ['update', '31'],
    ]);
  });

  it('withholds an operator a newer stock says is non-diffusible, with its site; a site that names it shows null', async () => {
    const antilles = 'antilles-relation-client-855555553';
    // A site of the articles run by that operator.
    const send = await writer(app, db);
    const created = await send('POST', '/v1/sites', {
      name: 'Centre de relation client du Lamentin',
      operator: antilles,
      commune: 'Le Lamentin',
      status: 'open',
      // A source of its own (no text held): no seeded article names it.
      citations: [
        {
          source: { url: 'https://example.org/tests/lamentin', title: 'Un centre au Lamentin', outlet: 'Test' },
          quote: 'Le Lamentin',
        },
      ],
    });
    expect(created.statusCode).toBe(201);
    const lamentin = created.json().id as string;

    const units = path.join(dir, 'units-september.csv');
    await writeFile(units, (await readFile(legalUnits, 'utf8')).replace('855555553,O,', '855555553,P,'));
    const report = await importFixtures(db, stockCsv, { legalUnits: units, stockMonth: '2026-09' });
    expect(report.withheld).toEqual([
      { kind: 'operator', entry: antilles, identifier: 'SIREN 855555553' },
      { kind: 'site', entry: 'antilles-relation-client-85555555300012', identifier: 'SIREN 855555553' },
    ]);
    expect(report.nonDiffusibleElsewhere).toEqual([]);

    expect((await getJson(app, `/v1/operators/${antilles}`)).status).toBe(410);
    expect((await getJson(app, '/v1/sites/antilles-relation-client-85555555300012')).status).toBe(410);
    // The site that names it shows nothing of it, in its detail, its list, its export and search.
    expect((await getJson(app, `/v1/sites/${lamentin}`)).body.operator).toBeNull();
    const listed = (await getJson(app, `/v1/sites?code_commune=97213`)).body.data as {
      id: string;
      operator: unknown;
    }[];
    expect(listed.map((s) => [s.id, s.operator])).toEqual([[lamentin, null]]);
    const exported = await app.inject({ method: 'GET', url: '/v1/sites/export?format=jsonl&code_commune=97213' });
    const rows = exported.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows.map((r) => [r.id, r.operator])).toEqual([[lamentin, null]]);
    await app.directorySearch.indexer.runOnce();
    expect(hitIds((await getJson(app, '/v1/search?q=antilles%20relation%20client')).body)).not.toContain(
      `operator:${antilles}`,
    );
    const filtered = await getJson(app, `/v1/sites?operator=${antilles}`);
    expect([filtered.status, filtered.body.errors]).toEqual([
      400,
      [{ in: 'query', name: 'operator', message: `unknown operator '${antilles}'` }],
    ]);
  });
});
