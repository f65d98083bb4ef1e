// Places as the French write them, through the API and the import: arrondissements of Paris, Lyon and
// Marseille, communes déléguées, associées and former codes, homonyms told apart by their postal code,
// La Poste's spellings, CEDEX codes, Corsica, overseas, abroad; the filters and labels that follow.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { kindImporter } from '../../src/import/importer.js';
import { runImport } from '../../src/import/run.js';
import { findKind } from '../../src/kinds.js';
import { getJson, hitIds, offlineApp, testApp } from '../setup/app.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let databaseUrl: string;
let send: Awaited<ReturnType<typeof writer>>;
beforeAll(async () => {
  ({ app, db, databaseUrl } = await testApp({ searchIndex: true }));
  send = await writer(app, db);
});

const source = 'en-contact-2017-04-26-fin-de-partie-ipg';
const citations = [{ source, quote: 'IPG Contacts Services est une deuxième entité', fields: ['name'] }];

const placeFields = [
  'commune',
  'commune_label',
  'commune_as_written',
  'code_commune',
  'code_arrondissement',
  'arrondissement',
  'code_postal',
  'departement_code',
] as const;
type Place = Record<(typeof placeFields)[number], string | null>;

/** The place of an entry, as its detail gives it. */
const placeOf = (body: Record<string, unknown>) =>
  Object.fromEntries(placeFields.map((f) => [f, body[f]])) as Record<string, unknown>;

/** The expected place: today's commune and its département, the rest null unless given. */
const at = (commune: string, code: string, departement: string, rest: Partial<Place> = {}): Place => ({
  commune,
  commune_label: commune,
  commune_as_written: null,
  code_commune: code,
  code_arrondissement: null,
  arrondissement: null,
  code_postal: null,
  departement_code: departement,
  ...rest,
});

let sequence = 0;
const createSite = (place: Record<string, unknown>) =>
  send('POST', '/v1/sites', { name: `Plateau Lieu ${++sequence}`, status: 'open', citations, ...place });

const paris16 = { code_arrondissement: '75116', arrondissement: 'Paris 16e Arrondissement' };

describe('a site placed as the French write it', () => {
  it.each([
    // Arrondissements of Paris, Lyon and Marseille: the commune, with the arrondissement kept.
    [{ code_commune: '75116' }, at('Paris', '75056', '75', paris16)],
    [{ commune: 'Paris', code_postal: '75016' }, at('Paris', '75056', '75', { ...paris16, code_postal: '75016' })],
    [{ code_postal: '75116' }, at('Paris', '75056', '75', { ...paris16, code_postal: '75116' })],
    [{ commune: 'Paris 16e' }, at('Paris', '75056', '75', { ...paris16, commune_as_written: 'Paris 16e' })],
    [{ commune: 'Paris', code_commune: '75116' }, at('Paris', '75056', '75', paris16)],
    [
      { code_commune: '69383' },
      at('Lyon', '69123', '69', {
        code_arrondissement: '69383',
        arrondissement: 'Lyon 3e Arrondissement',
        code_postal: '69003',
      }),
    ],
    [
      { code_postal: '69003' },
      at('Lyon', '69123', '69', {
        code_arrondissement: '69383',
        arrondissement: 'Lyon 3e Arrondissement',
        code_postal: '69003',
      }),
    ],
    [
      { code_commune: '13201' },
      at('Marseille', '13055', '13', {
        code_arrondissement: '13201',
        arrondissement: 'Marseille 1er Arrondissement',
        code_postal: '13001',
      }),
    ],
    [
      { commune: 'Marseille 8e', code_postal: '13008' },
      at('Marseille', '13055', '13', {
        commune_as_written: 'Marseille 8e',
        code_arrondissement: '13208',
        arrondissement: 'Marseille 8e Arrondissement',
        code_postal: '13008',
      }),
    ],
    [{ commune: 'Paris XVIe' }, at('Paris', '75056', '75', { ...paris16, commune_as_written: 'Paris XVIe' })],
    [
      { commune: 'LYON 3' },
      at('Lyon', '69123', '69', {
        commune_as_written: 'LYON 3',
        code_arrondissement: '69383',
        arrondissement: 'Lyon 3e Arrondissement',
        code_postal: '69003',
      }),
    ],
    // Communes déléguées and associées, former codes: today's commune, the name as written kept.
    [
      { commune: 'Cherbourg-Octeville' },
      at('Cherbourg-en-Cotentin', '50129', '50', { commune_as_written: 'Cherbourg-Octeville' }),
    ],
    [{ code_commune: '50173' }, at('Cherbourg-en-Cotentin', '50129', '50')],
    [
      { commune: 'Cherbourg-Octeville', code_commune: '50173' },
      at('Cherbourg-en-Cotentin', '50129', '50', { commune_as_written: 'Cherbourg-Octeville' }),
    ],
    [{ commune: 'Annecy-le-Vieux' }, at('Annecy', '74010', '74', { commune_as_written: 'Annecy-le-Vieux' })],
    [{ code_commune: '74011' }, at('Annecy', '74010', '74')],
    [
      { commune: 'Huppain' },
      at('Port-en-Bessin-Huppain', '14515', '14', { commune_as_written: 'Huppain', code_postal: '14520' }),
    ],
    // Homonyms: the postal code settles which one.
    [
      { commune: 'Saint-Denis', code_postal: '97400' },
      at('Saint-Denis', '97411', '974', { commune_label: 'Saint-Denis (974)', code_postal: '97400' }),
    ],
    [
      { commune: 'Saint-Denis', code_postal: '93200' },
      at('Saint-Denis', '93066', '93', { commune_label: 'Saint-Denis (93)', code_postal: '93200' }),
    ],
    [
      { commune: 'Saint-Pierre', code_postal: '97500' },
      at('Saint-Pierre', '97502', '975', { commune_label: 'Saint-Pierre (975)', code_postal: '97500' }),
    ],
    [
      { commune: 'Saint-Pierre', departement: '974' },
      at('Saint-Pierre', '97416', '974', { commune_label: 'Saint-Pierre (974)' }),
    ],
    // La Poste's spellings: St, Ste, capitals, hyphens or spaces, no accents.
    [
      { commune: 'ST DENIS', code_postal: '97400' },
      at('Saint-Denis', '97411', '974', {
        commune_label: 'Saint-Denis (974)',
        commune_as_written: 'ST DENIS',
        code_postal: '97400',
      }),
    ],
    [{ commune: 'SAINT-ETIENNE' }, at('Saint-Étienne', '42218', '42', { commune_as_written: 'SAINT-ETIENNE' })],
    [{ commune: 'st etienne' }, at('Saint-Étienne', '42218', '42', { commune_as_written: 'st etienne' })],
    [
      { commune: 'Ste Maxime' },
      at('Sainte-Maxime', '83115', '83', { commune_as_written: 'Ste Maxime', code_postal: '83120' }),
    ],
    [
      { commune: 'SAINT ETIENNE DU ROUVRAY' },
      at('Saint-Étienne-du-Rouvray', '76575', '76', {
        commune_as_written: 'SAINT ETIENNE DU ROUVRAY',
        code_postal: '76800',
      }),
    ],
    [
      { commune: 'L ISLE D ABEAU' },
      at("L'Isle-d'Abeau", '38193', '38', { commune_as_written: 'L ISLE D ABEAU', code_postal: '38080' }),
    ],
    [
      { commune: 'ST GERMAIN EN LAYE' },
      at('Saint-Germain-en-Laye', '78551', '78', { commune_as_written: 'ST GERMAIN EN LAYE' }),
    ],
    // CEDEX codes: kept as written, the commune from its name (or its code).
    [
      { commune: 'Paris CEDEX 07', code_postal: '75700' },
      at('Paris', '75056', '75', { commune_as_written: 'Paris CEDEX 07', code_postal: '75700' }),
    ],
    [
      { commune: 'MARSEILLE CEDEX 03', code_postal: '13331' },
      at('Marseille', '13055', '13', { commune_as_written: 'MARSEILLE CEDEX 03', code_postal: '13331' }),
    ],
    [
      { commune: 'PARIS LA DEFENSE CEDEX', code_commune: '92026', code_postal: '92081' },
      at('Courbevoie', '92026', '92', { commune_as_written: 'PARIS LA DEFENSE CEDEX', code_postal: '92081' }),
    ],
    [
      { address: 'Tour First, 92081 PARIS LA DEFENSE CEDEX', commune: 'Courbevoie', code_postal: '92081' },
      at('Courbevoie', '92026', '92', { code_postal: '92081' }),
    ],
    // Corsica and overseas.
    [{ commune: 'Ajaccio' }, at('Ajaccio', '2A004', '2A')],
    [{ code_commune: '2B033' }, at('Bastia', '2B033', '2B')],
    [{ code_postal: '20000' }, at('Ajaccio', '2A004', '2A', { code_postal: '20000' })],
    [{ commune: 'Fort-de-France' }, at('Fort-de-France', '97209', '972')],
    [{ commune: 'Papeete', departement: '987' }, at('Papeete', '98735', '987', { code_postal: '98714' })],
  ])('%j is %j', async (place, expected) => {
    const created = await createSite(place);
    expect(created.statusCode, created.body).toBe(201);
    expect(placeOf(created.json())).toEqual(expected);
  });

  it('abroad keeps the city alone', async () => {
    const created = await createSite({ country: 'MC', commune: 'Monaco' });
    expect(created.statusCode).toBe(201);
    expect({ ...placeOf(created.json()), country: created.json().country }).toEqual({
      ...at('Monaco', '', '', { code_commune: null, departement_code: null }),
      country: 'MC',
    });
  });

  it.each([
    [
      { commune: 'Saint-Denis' },
      'commune',
      "several communes are named 'Saint-Denis': 11339 (11, Aude), 30247 (30, Gard), 93066 (93, Seine-Saint-Denis), " +
        '97411 (974, La Réunion); give code_commune, departement or code_postal',
    ],
    [
      { commune: 'Saint-Denis', code_postal: '80000' },
      'code_postal',
      "80000 is a postal code of none of the communes named 'Saint-Denis' (11339 (11, Aude), 30247 (30, Gard), " +
        '93066 (93, Seine-Saint-Denis), 97411 (974, La Réunion))',
    ],
    [
      { commune: 'Paris 3e', code_commune: '75116' },
      'commune',
      "'Paris 3e' is not the name of commune 75116 (Paris 16e Arrondissement)",
    ],
    [
      { commune: 'Paris 16e', code_postal: '75001' },
      'code_postal',
      '75001 is not a postal code of Paris 16e Arrondissement (75016, 75116)',
    ],
    [
      { commune: 'Amiens', code_postal: '80001' },
      'code_postal',
      '80001 is not a postal code of Amiens (80000, 80080, 80090); a CEDEX code is taken when the commune or the ' +
        'address says CEDEX',
    ],
    [
      { commune: 'PARIS LA DEFENSE CEDEX', code_postal: '92081' },
      'commune',
      "no commune is named 'PARIS LA DEFENSE CEDEX' (a CEDEX names a mail distribution: give code_commune)",
    ],
    [
      { code_postal: '75700' },
      'code_postal',
      "'75700' is no commune's postal code (a CEDEX code does not tell the commune: give the commune)",
    ],
    [{ commune: 'Monaco' }, 'commune', "no commune is named 'Monaco' (a country: give country MC)"],
    [{ commune: 'Ajaccio', departement: '2B' }, 'departement', 'commune 2A004 (Ajaccio) is in département 2A, not 2B'],
  ])('refuses %j, naming %s', async (place, name, message) => {
    const refused = await createSite(place);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([{ in: 'body', name, message }]);
    expect(refused.json().detail).toBe(`${name}: ${message}`);
  });
});

describe('PATCH of a place', () => {
  const patch = async (id: string, fields: Record<string, unknown>) => {
    const etag = (await app.inject({ method: 'GET', url: `/v1/sites/${id}` })).headers.etag as string;
    // A citation without fields supports whatever the change changes.
    const change = [{ source, quote: citations[0]!.quote }];
    return send('PATCH', `/v1/sites/${id}`, { ...fields, citations: change }, { 'if-match': etag });
  };

  it('moves a site into an arrondissement, a former commune, a homonym; other changes keep them', async () => {
    const id = (await createSite({ commune: 'Amiens' })).json().id as string;
    const moved = await patch(id, { code_commune: '75116' });
    expect(moved.statusCode).toBe(200);
    expect(placeOf(moved.json())).toEqual(at('Paris', '75056', '75', paris16));
    const kept = await patch(id, { status: 'planned' });
    expect(placeOf(kept.json())).toEqual(at('Paris', '75056', '75', paris16));

    const former = await patch(id, { commune: 'Cherbourg-Octeville' });
    const cherbourg = at('Cherbourg-en-Cotentin', '50129', '50', { commune_as_written: 'Cherbourg-Octeville' });
    expect(placeOf(former.json())).toEqual(cherbourg);
    expect(placeOf((await patch(id, { address: '1 rue de la Paix' })).json())).toEqual(cherbourg);

    const reunion = await patch(id, { commune: 'ST DENIS', code_postal: '97400' });
    expect(placeOf(reunion.json())).toEqual(
      at('Saint-Denis', '97411', '974', {
        commune_label: 'Saint-Denis (974)',
        commune_as_written: 'ST DENIS',
        code_postal: '97400',
      }),
    );
  });

  it('refuses an ambiguous name and leaves the place as it was', async () => {
    const id = (await createSite({ commune: 'Lyon 3e' })).json().id as string;
    const refused = await patch(id, { commune: 'Saint-Denis' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].name).toBe('commune');
    const site = (await getJson(app, `/v1/sites/${id}`)).body;
    expect([site.code_commune, site.code_arrondissement, site.commune_as_written]).toEqual([
      '69123',
      '69383',
      'Lyon 3e',
    ]);
  });
});

describe('clubs and mandataires have places too', () => {
  it('a club in an arrondissement keeps it through a change of another field', async () => {
    const created = await send('POST', '/v1/clubs', {
      name: 'Club Relation Client Lyon 3',
      kind: 'regional_club',
      commune: 'Lyon 3e',
      citations,
    });
    expect(created.statusCode).toBe(201);
    const lyon3 = at('Lyon', '69123', '69', {
      commune_as_written: 'Lyon 3e',
      code_arrondissement: '69383',
      arrondissement: 'Lyon 3e Arrondissement',
      code_postal: '69003',
    });
    expect(placeOf(created.json())).toEqual(lyon3);
    const changed = await send(
      'PATCH',
      `/v1/clubs/${created.json().id}`,
      { member_count: 40, citations: [{ ...citations[0]!, fields: ['member_count'] }] },
      { 'if-match': created.headers.etag as string },
    );
    expect(changed.statusCode).toBe(200);
    expect(placeOf(changed.json())).toEqual(lyon3);
  });

  it('a mandataire in La Réunion, written the La Poste way', async () => {
    const created = await send('POST', '/v1/mandataires', {
      name: 'Maître Réunion',
      kind: 'practitioner',
      commune: 'ST DENIS',
      code_postal: '97490',
      citations,
    });
    expect(created.statusCode).toBe(201);
    expect(placeOf(created.json())).toEqual(
      at('Saint-Denis', '97411', '974', {
        commune_label: 'Saint-Denis (974)',
        commune_as_written: 'ST DENIS',
        code_postal: '97490',
      }),
    );
  });

  it('a mandataire refused for a homonym without a postal code', async () => {
    const refused = await send('POST', '/v1/mandataires', {
      name: 'Maître Homonyme',
      kind: 'practitioner',
      commune: 'Le Puy',
      citations,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      {
        in: 'body',
        name: 'commune',
        message:
          "several communes are named 'Le Puy': 25474 (25, Doubs), 33345 (33, Gironde); give code_commune, " +
          'departement or code_postal',
      },
    ]);
  });
});

describe('filters, lists and search', () => {
  const ids = new Map<string, string>();
  beforeAll(async () => {
    for (const [key, place] of Object.entries({
      paris16: { code_commune: '75116' },
      paris1: { commune: 'Paris 1er' },
      paris: { commune: 'Paris' },
      cherbourg: { commune: 'Cherbourg-Octeville' },
      reunion: { commune: 'Saint-Denis', code_postal: '97400' },
      seineSaintDenis: { commune: 'Saint-Denis', code_postal: '93200' },
      marseilleCedex: { commune: 'MARSEILLE CEDEX 03', code_postal: '13331' },
    })) {
      const created = await send('POST', '/v1/sites', {
        name: `Plateau Filtre ${key}`,
        status: 'open',
        citations,
        ...place,
      });
      ids.set(key, created.json().id);
    }
    await app.directorySearch.indexer.runOnce();
  });
  const mine = (rows: { id: string }[]) => {
    const names = new Map([...ids].map(([key, id]) => [id, key]));
    return rows.flatMap((r) => names.get(r.id) ?? []).sort();
  };
  const list = async (query: string) => (await getJson(app, `/v1/sites?limit=100&${query}`)).body.data;

  it('code_commune of an arrondissement finds its sites; of the commune, all of it', async () => {
    expect(mine(await list('code_commune=75116'))).toEqual(['paris16']);
    expect(mine(await list('code_commune=75101'))).toEqual(['paris1']);
    const paris = await list('code_commune=75056');
    expect(mine(paris)).toEqual(['paris', 'paris1', 'paris16']);
    expect(paris.every((s: { code_commune: string }) => s.code_commune === '75056')).toBe(true);
  });

  it('a former code finds the sites of today’s commune', async () => {
    expect(mine(await list('code_commune=50173'))).toEqual(['cherbourg']);
  });

  it('a postal code of an arrondissement finds its sites, not those of the rest of Paris', async () => {
    expect(mine(await list('code_postal=75016'))).toEqual(['paris16']);
    expect(mine(await list('code_postal=75001'))).toEqual(['paris1']);
  });

  it('a CEDEX postal code finds the entries that carry it; a code of no département is refused', async () => {
    expect(mine(await list('code_postal=13331'))).toEqual(['marseilleCedex']);
    const refused = await getJson(app, '/v1/sites?code_postal=99999');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ in: 'query', name: 'code_postal', message: "unknown postal code '99999'" }]);
  });

  it('search filters the same way, through the engine', async () => {
    const hits = async (query: string) =>
      hitIds((await getJson(app, `/v1/search?kind=site&limit=50&${query}`)).body).filter((h) =>
        [...ids.values()].some((id) => h === `site:${id}`),
      );
    expect(await hits('code_commune=75116')).toEqual([`site:${ids.get('paris16')}`]);
    expect((await hits('code_commune=75056')).sort()).toEqual(
      [ids.get('paris'), ids.get('paris1'), ids.get('paris16')].map((id) => `site:${id}`).sort(),
    );
    expect(await hits('code_postal=75016')).toEqual([`site:${ids.get('paris16')}`]);
  });

  it('the PostgreSQL fallback filters the same way when the engine is unreachable', async () => {
    const offline = await offlineApp(app, databaseUrl);
    try {
      const hits = async (query: string) => {
        const body = (await getJson(offline, `/v1/search?kind=site&limit=50&${query}`)).body;
        expect(body.degraded).toBe(true);
        const names = new Map([...ids].map(([key, id]) => [`site:${id}`, key]));
        return hitIds(body)
          .flatMap((h) => names.get(h) ?? [])
          .sort();
      };
      expect(await hits('code_commune=75116')).toEqual(['paris16']);
      expect(await hits('code_commune=75056')).toEqual(['paris', 'paris1', 'paris16']);
      expect(await hits('code_postal=75016')).toEqual(['paris16']);
      expect(await hits('code_commune=50173')).toEqual(['cherbourg']);
    } finally {
      await offline.close();
    }
  });

  it('lists and search show the département beside a shared commune name', async () => {
    const listed = await list('code_commune=97411,93066');
    const labels = Object.fromEntries(
      listed.map((s: { id: string; commune_label: string }) => [s.id, s.commune_label]),
    );
    expect(labels[ids.get('reunion')!]).toBe('Saint-Denis (974)');
    expect(labels[ids.get('seineSaintDenis')!]).toBe('Saint-Denis (93)');
    const found = (await getJson(app, '/v1/search?q=Plateau%20Filtre%20reunion&kind=site')).body.data;
    const hit = found.find((h: { id: string }) => h.id === ids.get('reunion'));
    expect(hit.label).toBe('Saint-Denis (974) · ouvert');
    const plain = (await getJson(app, '/v1/search?q=Plateau%20Filtre%20cherbourg&kind=site')).body.data;
    expect(plain.find((h: { id: string }) => h.id === ids.get('cherbourg')).label).toBe(
      'Cherbourg-en-Cotentin · ouvert',
    );
  });

  it('search finds a site by the name of its commune as written', async () => {
    const found = hitIds((await getJson(app, '/v1/search?q=Cherbourg-Octeville&kind=site')).body);
    expect(found).toContain(`site:${ids.get('cherbourg')}`);
  });
});

describe('import', () => {
  it('takes places as written, and an export of them imports back unchanged', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-places-'));
    const file = path.join(dir, 'places.csv');
    const quote = citations[0]!.quote;
    await writeFile(
      file,
      [
        'id;name;commune;code_commune;code_postal;citation_source;citation_quote',
        `imp-paris-16;Plateau Import Paris 16;Paris 16e;;;${source};${quote}`,
        `imp-reunion;Plateau Import Réunion;ST DENIS;;97400;${source};${quote}`,
        `imp-cherbourg;Plateau Import Cherbourg;;50173;;${source};${quote}`,
        `imp-marseille-cedex;Plateau Import Marseille;MARSEILLE CEDEX 03;;13331;${source};${quote}`,
        `imp-lyon-3;Plateau Import Lyon;;69383;;${source};${quote}`,
      ].join('\r\n'),
    );
    const actor = { keyId: null, name: 'test', scope: 'write' as const };
    const importer = () => kindImporter(db, findKind('sites')!);
    const summary = await runImport(db, await importer(), { file, format: 'csv', actor });
    expect(summary.rejected).toEqual([]);
    expect(summary.created).toBe(5);
    const detail = async (id: string) => placeOf((await getJson(app, `/v1/sites/${id}`)).body);
    expect(await detail('imp-paris-16')).toEqual(
      at('Paris', '75056', '75', { ...paris16, commune_as_written: 'Paris 16e' }),
    );
    expect(await detail('imp-reunion')).toEqual(
      at('Saint-Denis', '97411', '974', {
        commune_label: 'Saint-Denis (974)',
        commune_as_written: 'ST DENIS',
        code_postal: '97400',
      }),
    );
    expect(await detail('imp-cherbourg')).toEqual(at('Cherbourg-en-Cotentin', '50129', '50'));
    expect(await detail('imp-marseille-cedex')).toEqual(
      at('Marseille', '13055', '13', { commune_as_written: 'MARSEILLE CEDEX 03', code_postal: '13331' }),
    );
    expect(await detail('imp-lyon-3')).toEqual(
      at('Lyon', '69123', '69', {
        code_arrondissement: '69383',
        arrondissement: 'Lyon 3e Arrondissement',
        code_postal: '69003',
      }),
    );

    for (const format of ['csv', 'jsonl'] as const) {
      const exported = await app.inject({ method: 'GET', url: `/v1/sites/export?format=${format}` });
      const again = path.join(dir, `export.${format}`);
      await writeFile(again, exported.body);
      const roundTrip = await runImport(db, await importer(), { file: again, format, actor });
      expect(roundTrip.rejected, format).toEqual([]);
      expect(roundTrip.created + roundTrip.updated, format).toBe(0);
    }
  });

  it('names the line of a place it cannot tell', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-places-'));
    const file = path.join(dir, 'ambiguous.csv');
    await writeFile(
      file,
      [
        'id;name;commune;citation_source;citation_quote',
        `imp-puy;Plateau Le Puy;Le Puy;${source};IPG Contacts Services est une deuxième entité`,
      ].join('\r\n'),
    );
    const summary = await runImport(db, await kindImporter(db, findKind('sites')!), {
      file,
      format: 'csv',
      actor: { keyId: null, name: 'test', scope: 'write' },
    });
    expect(summary.created).toBe(0);
    expect(summary.rejected).toEqual([
      expect.objectContaining({
        line: 2,
        errors: [
          {
            in: 'row',
            name: 'commune',
            message:
              "several communes are named 'Le Puy': 25474 (25, Doubs), 33345 (33, Gironde); give code_commune, " +
              'departement or code_postal',
          },
        ],
      }),
    ]);
  });
});
