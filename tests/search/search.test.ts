// Search as a journalist uses it, against the real Meilisearch on the seed data.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { isValidSiret } from '../../src/domain/identifiers.js';
import { getJson, hitIds, testApp } from '../setup/app.js';
import { createSite } from '../setup/factories.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await testApp({ searchIndex: true }));
});

/** The first `n` SIRETs of La Poste's SIREN (356 000 000) that its rule accepts, each with its spaced writing. */
function laPosteSirets(n: number): string[] {
  const sirets: string[] = [];
  for (let nic = 1; sirets.length < n; nic++) {
    const siret = `356000000${String(nic).padStart(5, '0')}`;
    if (isValidSiret(siret)) sirets.push(siret);
  }
  return sirets;
}

type Hit = { kind: string; id: string; name: string; label: string; highlights: Record<string, string>; link: string };

async function search(query: string) {
  const response = await getJson(app, `/v1/search?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.body.degraded).toBe(false);
  return response.body as {
    data: Hit[];
    total: number;
    page: number;
    limit: number;
    facets: Record<string, { value: string; label?: string; count: number }[]>;
  };
}

describe('finds what a journalist types', () => {
  it.each([
    ['mediametrie', 'site:mediametrie-amiens'],
    ['Helene Bourbouloux', 'mandataire:helene-bourbouloux'],
    ['bourboulou', 'mandataire:helene-bourbouloux'],
    ['teleperformence', 'operator:teleperformance'],
    ['Vendome', 'site:ipg-contacts-services-vendome'],
    ['0800942564', 'mandataire:cnajmj'],
    ['0800 942 564', 'mandataire:cnajmj'],
    ['5 a sec', 'proceeding:5asec-en-difficulte-2020'],
    ['Hub Retail', 'club:hub-retail'],
    ['Zeugmo', 'operator:orthodidacte'],
  ])('%s finds %s', async (q, expected) => {
    const body = await search(`q=${encodeURIComponent(q)}`);
    expect(hitIds(body)).toContain(expected);
  });

  it('ranks the entry named first', async () => {
    expect(hitIds(await search('q=teleperformence'))[0]).toBe('operator:teleperformance');
    expect(hitIds(await search('q=Helene%20Bourbouloux'))[0]).toBe('mandataire:helene-bourbouloux');
  });

  it("finds the sites of former Picardie for « centre d'appels Picardie », and its synonyms", async () => {
    const picardieSites = [
      'site:callweb-amiens',
      'site:comdata-amiens',
      'site:coriolis-service-amiens',
      'site:keyyo-abbeville',
      'site:mediametrie-amiens',
    ];
    for (const q of ["centre d'appels Picardie", 'call center Picardie', 'plateforme téléphonique picardie']) {
      const sites = hitIds(await search(`q=${encodeURIComponent(q)}&kind=site`));
      expect(sites.sort(), q).toEqual(picardieSites);
    }
  });

  it('matches a code exactly, never by typo', async () => {
    const body = await search('q=0800942565');
    expect(body.total).toBe(0);
    expect(hitIds(await search('q=41100'))).toEqual(['site:ipg-contacts-services-vendome']);
    expect(hitIds(await search('q=59512'))).toEqual(['site:ipg-roubaix']);
  });

  it('gives each hit its kind, a label and a link to its detail', async () => {
    const [hit] = (await search('q=Roubaix&kind=site')).data;
    expect(hit).toEqual({
      kind: 'site',
      id: 'ipg-roubaix',
      name: expect.any(String),
      label: 'Roubaix · IPG · fermé',
      highlights: { name: 'IPG <mark>Roubaix</mark>', commune: '<mark>Roubaix</mark>' },
      link: '/v1/sites/ipg-roubaix',
    });
    expect((await getJson(app, hit!.link)).status).toBe(200);
  });
});

describe('filters and facets', () => {
  it('counts by région and status, with readable labels', async () => {
    const body = await search('kind=site&facets=region,status,kind');
    expect(body.total).toBe(13);
    expect(body.facets.region).toEqual([
      { value: '32', label: 'Hauts-de-France', count: 6 },
      { value: '24', label: 'Centre-Val de Loire', count: 3 },
      { value: '11', label: 'Île-de-France', count: 1 },
    ]);
    expect(body.facets.status).toEqual([
      { value: 'open', count: 9 },
      { value: 'planned', count: 2 },
      { value: 'closed', count: 1 },
      { value: 'relocated', count: 1 },
    ]);
    expect(body.facets.kind).toEqual([{ value: 'site', count: 13 }]);
  });

  it('labels each département counted with its name', async () => {
    const body = await search('kind=site&facets=departement');
    expect(body.facets.departement).toEqual([
      { value: '80', label: 'Somme', count: 5 },
      { value: '28', label: 'Eure-et-Loir', count: 2 },
      { value: '41', label: 'Loir-et-Cher', count: 1 },
      { value: '59', label: 'Nord', count: 1 },
      { value: '75', label: 'Paris', count: 1 },
    ]);
  });

  it('counts every kind when searching everything', async () => {
    const body = await search('facets=kind&limit=1');
    expect(Object.fromEntries(body.facets.kind!.map((f) => [f.value, f.count]))).toEqual({
      site: 13,
      operator: 29,
      club: 11,
      mandataire: 5,
      proceeding: 8,
    });
    expect(body.total).toBe(66);
  });

  it('ORs values of one parameter and ANDs different parameters', async () => {
    const either = await search('kind=site&status=planned,relocated');
    expect(hitIds(either).sort()).toEqual([
      'site:conduent-implantation-annoncee-2017',
      'site:keyyo-casablanca',
      'site:phone-marketing-dreux',
    ]);
    const both = await search('kind=site&status=planned,relocated&country=FR');
    expect(hitIds(both).sort()).toEqual(['site:conduent-implantation-annoncee-2017', 'site:phone-marketing-dreux']);
  });

  it('filters by former region, département, commune and operator', async () => {
    expect((await search('region=Picardie&kind=site')).total).toBe(5);
    expect(hitIds(await search('departement=28')).sort()).toEqual([
      'site:ipg-contacts-services-chartres',
      'site:phone-marketing-dreux',
    ]);
    expect(hitIds(await search('code_commune=59512'))).toEqual(['site:ipg-roubaix']);
    const ipg = await search('operator=ipg-contacts-services&facets=kind');
    expect(ipg.facets.kind).toEqual([
      { value: 'site', count: 4 },
      { value: 'operator', count: 1 },
    ]);
  });

  it('pages through results with a total, up to the documented ceiling', async () => {
    const first = await search('kind=operator&limit=10&sort=name');
    const second = await search('kind=operator&limit=10&page=2&sort=name');
    const third = await search('kind=operator&limit=10&page=3&sort=name');
    expect(first.total).toBe(29);
    const all = [...first.data, ...second.data, ...third.data].map((h) => h.id);
    expect(all).toHaveLength(29);
    expect(new Set(all).size).toBe(29);
  });
});

describe('lists accept q and facets', () => {
  it('searches within one kind and returns the list’s own entries', async () => {
    const { status, body } = await getJson(app, '/v1/sites?q=amiens&facets=operator');
    expect(status).toBe(200);
    expect(body.degraded).toBe(false);
    expect(body.data.map((s: { id: string }) => s.id).sort()).toEqual([
      'callweb-amiens',
      'comdata-amiens',
      'coriolis-service-amiens',
      'mediametrie-amiens',
    ]);
    // « Amiens, l'agglomération »: the Somme, their commune not said.
    expect(body.data[0]).toMatchObject({ code_commune: null, departement_code: '80' });
    expect(body.facets.operator).toContainEqual({ value: 'comdata', label: 'Comdata', count: 1 });
  });

  it('keeps the list filters with q', async () => {
    const { body } = await getJson(app, '/v1/operators?q=teleperformence&kind=vendor');
    expect(body.total).toBe(0);
    const outsourcers = await getJson(app, '/v1/operators?q=teleperformence&kind=outsourcer');
    expect(outsourcers.body.data.map((o: { id: string }) => o.id)).toEqual(['teleperformance']);
  });

  it('pages search results with a cursor', async () => {
    const first = await getJson(app, '/v1/operators?q=&facets=kind&limit=10&sort=name');
    expect(first.body.total).toBe(29);
    const ids: string[] = first.body.data.map((o: { id: string }) => o.id);
    let cursor = first.body.next_cursor;
    while (cursor) {
      const next = await getJson(app, `/v1/operators?q=&facets=kind&limit=10&sort=name&cursor=${cursor}`);
      ids.push(...next.body.data.map((o: { id: string }) => o.id));
      cursor = next.body.next_cursor;
    }
    expect(ids).toHaveLength(29);
    expect(new Set(ids).size).toBe(29);
  });

  it('refuses a sort search cannot honour', async () => {
    const { status, body } = await getJson(app, '/v1/sites?q=amiens&sort=commune');
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      {
        in: 'query',
        name: 'sort',
        message: 'with q, sort must be one of: name, -name, updated_at, -updated_at, distance, -distance',
      },
    ]);
  });
});

describe('hostile input is searched literally', () => {
  it.each([
    'Mavic" OR kind = "site',
    "l'étude \\ Meynet",
    'a) OR (b',
    'Teleperformance OR Sitel',
    '呼叫中心',
    'центр обработки вызовов',
    '"; DROP TABLE sites; --',
  ])('%s', async (q) => {
    const response = await getJson(app, `/v1/search?q=${encodeURIComponent(q)}&facets=kind`);
    expect(response.status).toBe(200);
    expect(response.body.degraded).toBe(false);
  });
});

describe('bad search parameters', () => {
  it.each([
    [
      'facets=colour',
      'facets',
      "'colour' is not one of kind, category, status, region, former_region, departement, country, operator, naf, tranche_effectifs, tribunal, role, mandataire",
    ],
    ['sort=relevance', 'sort', "'relevance' is not one of name, -name, updated_at, -updated_at, distance, -distance"],
    ['kind=person', 'kind', "'person' is not one of site, operator, club, mandataire, proceeding"],
    ['page=0', 'page', 'must be a whole number from 1 to 5000000'],
    ['page=50001&limit=100', 'page', 'page × limit must not exceed 5000000; narrow the search instead'],
    ['region=Atlantide', 'region', "unknown region 'Atlantide'"],
    ['operator=nobody-here', 'operator', "unknown operator 'nobody-here'"],
    [`q=${'x'.repeat(501)}`, 'q', 'must be at most 500 characters'],
    ['colour=blue', 'colour', 'is not a known parameter'],
  ])('%s is a 400 naming %s', async (query, name, message) => {
    const response = await app.inject({ method: 'GET', url: `/v1/search?${query}` });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.json().errors).toEqual([{ in: 'query', name, message }]);
  });

  it('names every refused parameter at once, a known one and an unknown one', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/search?q=amiens&kind=person&page=0&colour=blue' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { in: 'query', name: 'kind', message: "'person' is not one of site, operator, club, mandataire, proceeding" },
      { in: 'query', name: 'page', message: 'must be a whole number from 1 to 5000000' },
      { in: 'query', name: 'colour', message: 'is not a known parameter' },
    ]);
  });

  it('reads the parameters it accepts as written: a repeated one as a list, numbers trimmed, page and limit by default', async () => {
    const listed = await search('kind=site,operator&status=open&q=amiens');
    const repeated = await search('kind=site&kind=operator&status=open&q=amiens');
    expect(repeated).toEqual(listed);
    expect([listed.page, listed.limit]).toEqual([1, 20]);
    expect(listed.total).toBeGreaterThan(1);
    const trimmed = await search('kind=site,operator&status=open&q=amiens&limit=%201%20&page=%202');
    expect([trimmed.page, trimmed.limit]).toEqual([2, 1]);
    expect(trimmed.data.map((h) => h.id)).toEqual([listed.data[1]?.id]);
  });

  it('names an unknown facet on a list too', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/clubs?facets=size' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ name: 'facets' });
  });
});

describe('filter values reach Meilisearch as literals', () => {
  // Route validation already refuses such values; this proves the layer below
  // would not let one rewrite the filter either.
  it.each([
    'ipg" OR kind = "site',
    "ipg' OR kind = 'site",
    'ipg\\" OR kind = \\"site',
    'ipg) OR (kind = site',
    'ipg OR kind = site',
    'оператор',
  ])('operator = %s matches nothing', async (value) => {
    const outcome = await app.directorySearch.service.searchMeilisearch({
      q: '',
      filters: { operator: [value] },
      facets: ['kind'],
      page: 1,
      limit: 20,
    });
    expect(outcome.total).toBe(0);
  });

  it('matches a value holding quotes and backslashes exactly', async () => {
    const { engine } = app.directorySearch;
    const odd = 'site_odd-test';
    const name = 'Le "plateau" d\\Orléans (OR) ô';
    await engine.upsert([
      {
        uid: odd,
        kind: 'site',
        id: 'odd-test',
        name,
        aliases: [],
        name_variants: [],
        court_keys: [],
        category: null,
        status: 'open',
        operator_id: name,
        operator_name: null,
        parent_id: null,
        profession: null,
        mandataire_ids: [],
        people: [],
        court: null,
        opened_on: null,
        roles: [],
        commune: null,
        commune_label: null,
        code_commune: null,
        code_arrondissement: null,
        code_postal: null,
        departement_code: null,
        departement_name: null,
        region_code: null,
        region_name: null,
        former_region_name: null,
        country: 'FR',
        codes: [],
        keywords: [],
        description: null,
        label: '',
        updated_at: Date.now(),
        naf_code: null,
        tranche_effectifs: null,
        latitude: null,
        longitude: null,
        coordinates_precision: null,
      },
    ]);
    try {
      const outcome = await app.directorySearch.service.searchMeilisearch({
        q: '',
        filters: { operator: [name] },
        facets: [],
        page: 1,
        limit: 5,
      });
      expect(outcome.hits.map((h) => h.id)).toEqual(['odd-test']);
    } finally {
      await engine.remove([odd]);
    }
  });
});

describe('edge cases found in review', () => {
  it('refuses a control character in q, naming it (domain/text.ts: never kept nor echoed)', async () => {
    const response = await getJson(app, '/v1/search?q=teleperformance%01');
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { in: 'query', name: 'q', message: 'must not contain the control character U+0001 (SOH)' },
    ]);
  });

  it('finds a firm by its SIRET, compact or spaced, as a site (fault 06)', async () => {
    const send = await writer(app, db);
    const citations = [{ source: { url: 'https://x.example/geo', title: 'Geo', outlet: 'O' }, quote: 'q' }];
    const firm = { name: 'Etude Siretee', kind: 'firm', siret: '73282932000074', citations };
    const created = await send('POST', '/v1/mandataires', firm);
    expect(created.statusCode, created.body).toBe(201);
    await app.directorySearch.indexer.runOnce();
    expect(hitIds(await search('q=73282932000074'))).toEqual(['mandataire:etude-siretee']);
    expect(hitIds(await search(`q=${encodeURIComponent('732 829 320 00074')}`))).toEqual(['mandataire:etude-siretee']);
    const list = await getJson(app, '/v1/mandataires?q=73282932000074');
    expect(list.body.data.map((m: { id: string }) => m.id)).toEqual(['etude-siretee']);
  });

  it('refuses an unknown operator with q as without it', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/sites?operator=nope-x&q=' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ in: 'query', name: 'operator', message: "unknown operator 'nope-x'" }]);
  });

  it('finds the sites of a city with several postal codes by one of them', async () => {
    // The seed's sites of « l'agglomération » of Amiens have no commune: a site in the commune itself.
    const site = await createSite(db, { name: 'Plateforme Picarde', commune: 'Amiens' });
    await app.directorySearch.indexer.runOnce();
    const amiens = [`site:${site.id}`];
    expect(hitIds(await search('q=80000')).sort()).toEqual(amiens);
    expect(hitIds(await search('code_postal=80080&kind=site')).sort()).toEqual(amiens);
    const list = await getJson(app, '/v1/sites?code_postal=80090');
    expect(list.body.data.map((s: { id: string }) => `site:${s.id}`).sort()).toEqual(amiens);
    // A commune with one postal code keeps its own: Abbeville is not in 80000.
    expect(hitIds(await search('q=80100'))).toEqual(['site:keyyo-abbeville']);
  });
});

describe('finds what is typed, as people type it', () => {
  const vendome = 'site:ipg-contacts-services-vendome';

  it.each([
    'plateau société IPG installé plusieurs années commune Vendôme',
    'plateau société IPG installé plusieurs années commune Vendôme depuis',
    'plateau société IPG installé depuis plusieurs années dans la commune de Vendôme',
    'la société IPG est installée depuis plusieurs années à Vendôme, dans le Loir-et-Cher, où elle emploie du monde',
  ])('finds a name inside a sentence: %s', async (q) => {
    const hits = hitIds(await search(`q=${encodeURIComponent(q)}`));
    expect(hits.slice(0, 5)).toContain(vendome);
  });

  it('puts the entry holding every name first', async () => {
    expect(hitIds(await search('q=IPG%20Vend%C3%B4me'))[0]).toBe(vendome);
  });

  it.each([
    ['Teleperformance Webhelp', ['operator:teleperformance', 'operator:webhelp']],
    ['Keyyo Mavic', ['operator:keyyo', 'proceeding:mavic-en-difficulte-2020']],
    ['Marguerites Médiamétrie', ['club:club-des-marguerites', 'operator:mediametrie']],
    ['Webhelp Sitel Comdata', ['operator:webhelp', 'operator:sitel', 'operator:comdata']],
  ])('finds both entries of « %s »', async (q, expected) => {
    const hits = hitIds(await search(`q=${encodeURIComponent(q)}`));
    for (const id of expected) expect(hits, id).toContain(id);
  });

  it('finds both in a list too, its filters narrowing them', async () => {
    const both = await getJson(app, `/v1/operators?q=${encodeURIComponent('Teleperformance Webhelp')}`);
    expect(both.body.data.map((o: { id: string }) => o.id).sort()).toEqual(['teleperformance', 'webhelp']);
    const sites = await getJson(app, `/v1/sites?q=${encodeURIComponent('Keyyo Médiamétrie')}&limit=100`);
    expect(sites.body.data.map((s: { id: string }) => s.id).sort()).toEqual([
      'keyyo-abbeville',
      'keyyo-casablanca',
      'mediametrie-amiens',
    ]);
    const picardie = await getJson(app, `/v1/sites?q=${encodeURIComponent('Keyyo Médiamétrie')}&region=Picardie`);
    expect(picardie.body.data.map((s: { id: string }) => s.id).sort()).toEqual([
      'keyyo-abbeville',
      'mediametrie-amiens',
    ]);
  });

  it.each([
    ['Partenord', 'site:ipg-roubaix'],
    ['Spartoo', 'club:hub-retail'],
    ['Aldev', 'club:club-angers'],
    ['Daniel Julien', 'operator:teleperformance'],
  ])('finds the entry %s is attached to', async (q, expected) => {
    expect(hitIds(await search(`q=${encodeURIComponent(q)}`))).toContain(expected);
  });

  it("finds a proceeding by its practitioners' names", async () => {
    const send = await writer(app, db);
    const linked = await send('POST', '/v1/proceedings/mavic-en-difficulte-2020/practitioners', {
      mandataire: 'helene-bourbouloux',
      role: 'administrateur_judiciaire',
      citation: {
        source: 'en-contact-2020-05-15-mandataires-judiciaires-croulent-sous-les-appels',
        quote: 'Mavic, Tie-Rack y sont apparues ces dernières semaines',
      },
    });
    expect(linked.statusCode, linked.body).toBe(204);
    await app.directorySearch.indexer.runOnce();
    expect(hitIds(await search('q=Bourbouloux&kind=proceeding'))).toEqual(['proceeding:mavic-en-difficulte-2020']);
  });

  it.each([
    '+33 8 00 94 25 64',
    '0033 800 942 564',
    '+33 (0)8 00 94 25 64',
    '08.00.94.25.64',
    '08-00-94-25-64',
    '0800\u00a0942\u00a0564',
    '+33800942564',
  ])('finds a phone number in any writing: %s', async (q) => {
    expect(hitIds(await search(`q=${encodeURIComponent(q)}`))).toEqual(['mandataire:cnajmj']);
  });

  it('answers a SIRET with that establishment alone, and a SIRET of nothing with nothing', async () => {
    const [absent, ...sirets] = laPosteSirets(7) as [string, ...string[]];
    const sites = [];
    for (const siret of sirets) sites.push(await createSite(db, { name: `La Poste ${siret.slice(9)}`, siret }));
    await app.directorySearch.indexer.runOnce();
    for (const site of sites) {
      const spaced = `${site.siret!.slice(0, 3)} ${site.siret!.slice(3, 6)} ${site.siret!.slice(6, 9)} ${site.siret!.slice(9)}`;
      for (const q of [site.siret!, spaced, spaced.replaceAll(' ', '\u00a0')]) {
        expect(hitIds(await search(`q=${encodeURIComponent(q)}`)), q).toEqual([`site:${site.id}`]);
      }
    }
    expect((await search(`q=${absent}`)).total).toBe(0);
    // The SIREN they share finds them all.
    const siren = hitIds(await search('q=356%20000%20000&kind=site&limit=100'));
    expect(siren.sort()).toEqual(sites.map((s) => `site:${s.id}`).sort());
  });
});

describe('counts of words reused between searches', () => {
  it('plans a query again once the index has moved: a word no entry held finds the entry created since', async () => {
    // « Zorglubia » is held by no entry: the plan drops it and the query finds Vendôme's site by its other words.
    const q = encodeURIComponent('IPG Vendôme Zorglubia');
    expect(hitIds(await search(`q=${q}`))).toContain('site:ipg-contacts-services-vendome');
    const site = await createSite(db, { name: 'Zorglubia Vendôme' });
    await app.directorySearch.indexer.runOnce();
    // The same query right after: « zorglubia » is counted again (it is now held), kept, and the new site comes first.
    expect(hitIds(await search(`q=${encodeURIComponent('Zorglubia Vendôme')}`))[0]).toBe(`site:${site.id}`);
    expect(hitIds(await search(`q=${q}`))).toContain(`site:${site.id}`);
  });

  it('gives highlights as HTML safe to insert: the stored text escaped, only the matched words in <mark>', async () => {
    const site = await createSite(db, { name: 'Zyxquo <script>alert(1)</script> & <mark>x</mark>' });
    await app.directorySearch.indexer.runOnce();
    const [hit] = (await search('q=zyxquo&kind=site')).data;
    expect(hit!.id).toBe(site.id);
    expect(hit!.highlights.name).toBe(
      '<mark>Zyxquo</mark> &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;mark&gt;x&lt;/mark&gt;',
    );
    // The results page shows the stored text as text, the match marked.
    const page = await app.inject({ method: 'GET', url: '/recherche?q=zyxquo' });
    expect(page.body).toContain('<mark>Zyxquo</mark> &lt;script>alert(1)&lt;/script> &amp; &lt;mark>x&lt;/mark></a>');
    expect(page.body).not.toContain('<script>alert(1)');
  });
});

describe('a search keeps nothing once answered', () => {
  it("lets each answer be collected: no search's outcome stays reachable from the service", async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const request = { q: 'teleperformance', filters: {}, facets: [], page: 1, limit: 20 };
    const answers: WeakRef<{ degraded: boolean }>[] = [];
    for (let i = 0; i < 5; i++) answers.push(new WeakRef(await app.directorySearch.service.search(request)));
    expect(answers[0]!.deref()?.degraded).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(answers.filter((a) => a.deref() !== undefined)).toEqual([]);
  });
});
