import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { proceedingPractitioners, proceedings } from '../../src/db/schema/index.js';
import type { CitedBy as Cited } from '../../src/modules/sources/queries.js';
import { collectPages, getJson, testApp } from '../setup/app.js';
import { uniqueId } from '../setup/factories.js';
import { articles, ordered, seed, sources } from '../setup/seed.js';

let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await testApp());
});

/** What cites a source, without the date it was recorded (the seed's files have none). */
type CitedBy = Omit<Cited, 'recorded_at'>;

/** Everything that cites source `id`, from its paginated list (the detail embeds the first 20), without dates. */
async function citedOf(id: string): Promise<CitedBy[]> {
  const rows: CitedBy[] = [];
  let cursor: string | null = null;
  do {
    const url = `/v1/sources/${id}/citations?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const { status, body } = await getJson(app, url);
    expect(status, url).toBe(200);
    rows.push(...body.data.map(({ recorded_at: _, ...c }: Cited) => c));
    cursor = body.next_cursor;
  } while (cursor);
  return rows;
}

type Sourced = { source: string; quote: string };
type SeedEntry = {
  id: string;
  name?: string;
  company_name?: string;
  citations?: (Sourced & { fields: string[] })[];
  headcounts?: Sourced[];
  roles?: Sourced[];
  clients?: Sourced[];
  affiliations?: Sourced[];
  practitioners?: Sourced[];
};

/** What cited_by should hold for one source, worked out from the seed files alone. */
function expectedCitedBy(sourceId: string): CitedBy[] {
  const kinds = {
    operators: 'operator',
    sites: 'site',
    clubs: 'club',
    mandataires: 'mandataire',
    proceedings: 'proceeding',
    people: 'person',
  };
  const rows: CitedBy[] = [];
  for (const [file, kind] of Object.entries(kinds)) {
    for (const entry of seed(file) as SeedEntry[]) {
      const subject = { subject_kind: kind, subject_id: entry.id, subject_name: (entry.name ?? entry.company_name)! };
      const facts: [CitedBy['fact'], Sourced[] | undefined][] = [
        ['headcount', entry.headcounts],
        ['role', entry.roles],
        ['client', entry.clients],
        ['affiliation', entry.affiliations],
        ['practitioner', entry.practitioners],
      ];
      for (const c of entry.citations ?? [])
        if (c.source === sourceId) rows.push({ ...subject, fact: null, quote: c.quote, fields: c.fields });
      for (const [fact, list] of facts) {
        for (const f of list ?? [])
          if (f.source === sourceId) rows.push({ ...subject, fact, quote: f.quote, fields: [] });
      }
    }
  }
  return rows;
}

const byContent = (a: CitedBy, b: CitedBy) => JSON.stringify(a).localeCompare(JSON.stringify(b));
const factRank = [null, 'headcount', 'role', 'client', 'affiliation', 'practitioner'];

describe('GET /v1/sources', () => {
  it('lists the five articles, without their file name', async () => {
    const { status, body } = await getJson(app, '/v1/sources');
    expect(status).toBe(200);
    expect(body.total).toBe(sources.length);
    expect(body.total).toBe(5);
    expect(ordered(body).sort()).toEqual(sources.map((s) => s.id).sort());
    const ipg = body.data.find((s: { id: string }) => s.id === 'en-contact-2017-04-26-fin-de-partie-ipg');
    expect(ipg).toEqual({
      id: 'en-contact-2017-04-26-fin-de-partie-ipg',
      title:
        'Fin de partie pour le centre d’appels IPG dans le Nord, filiale de Koramic, à Paris les affaires continuent',
      outlet: 'Magazine En-Contact',
      author: 'Manuel Jacquinet',
      publisher: null,
      licence: null,
      url: null,
      published_as_printed: '26 avril 2017 à 12:59',
      published_on: '2017-04-26',
      notes: expect.stringContaining('Manuel Jacquinet'),
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const undated = body.data.find((s: { id: string }) => s.id === 'a-contre-courant-centres-appels-rapatries');
    expect(undated).toMatchObject({
      outlet: null,
      author: 'Olivier Robillart',
      published_as_printed: null,
      published_on: null,
    });
  });

  it('sorts newest first by default, undated sources last, ascending too', async () => {
    const ascending = ordered((await getJson(app, '/v1/sources?sort=published_on')).body);
    expect(ascending).toEqual([
      'en-contact-2012-07-18-paquette-relocaliser-centres-appels',
      'en-contact-2017-04-26-fin-de-partie-ipg',
      'en-contact-2020-05-15-mandataires-judiciaires-croulent-sous-les-appels',
      'a-contre-courant-centres-appels-rapatries',
      'en-contact-spotlight-14-clubs-regionaux-relation-client',
    ]);
    const descending = await getJson(app, '/v1/sources');
    expect(ordered((await getJson(app, '/v1/sources?sort=-published_on')).body)).toEqual(ordered(descending.body));
    expect(ordered(descending.body)).toEqual([
      'en-contact-2020-05-15-mandataires-judiciaires-croulent-sous-les-appels',
      'en-contact-2017-04-26-fin-de-partie-ipg',
      'en-contact-2012-07-18-paquette-relocaliser-centres-appels',
      'en-contact-spotlight-14-clubs-regionaux-relation-client',
      'a-contre-courant-centres-appels-rapatries',
    ]);
    expect(descending.body.data.map((s: { published_on: string | null }) => s.published_on)).toEqual([
      '2020-05-15',
      '2017-04-26',
      '2012-07-18',
      null,
      null,
    ]);
  });

  it('sorts by title in French order, and descending with a minus', async () => {
    const ascending = await getJson(app, '/v1/sources?sort=title');
    expect(ascending.body.data.map((s: { title: string }) => s.title.slice(0, 12))).toEqual([
      'A contre cou',
      'Article d’ E',
      'Fin de parti',
      'Paris Turf, ',
      'Spotlight N°',
    ]);
    const descending = await getJson(app, '/v1/sources?sort=-title');
    expect(ordered(descending.body)).toEqual(ordered(ascending.body).reverse());
  });

  it('pages through every source exactly once, with a stable total, for each sort', async () => {
    for (const sort of [
      'published_on',
      '-published_on',
      'title',
      '-title',
      'created_at',
      '-created_at',
      'updated_at',
      '-updated_at',
    ]) {
      const { rows, pages, totals } = await collectPages(app, `/v1/sources?limit=2&sort=${sort}`);
      expect(rows.map((r) => r.id).sort(), sort).toEqual(sources.map((s) => s.id).sort());
      expect(pages).toBe(3);
      expect(new Set(totals)).toEqual(new Set([5]));
      const whole = await getJson(app, `/v1/sources?limit=100&sort=${sort}`);
      expect(
        rows.map((r) => r.id),
        sort,
      ).toEqual(ordered(whole.body));
    }
  });

  it('has no filters', async () => {
    const { status, body } = await getJson(app, '/v1/sources?outlet=En-Contact');
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ in: 'query', name: 'outlet', message: 'is not a known parameter' }]);
  });
});

describe('GET /v1/sources/{id}', () => {
  it('lists every entry and fact that quotes the IPG article, of several kinds', async () => {
    const { status, body } = await getJson(app, '/v1/sources/en-contact-2017-04-26-fin-de-partie-ipg');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: 'en-contact-2017-04-26-fin-de-partie-ipg',
      published_on: '2017-04-26',
      author: 'Manuel Jacquinet',
    });
    const cited = await citedOf('en-contact-2017-04-26-fin-de-partie-ipg');
    expect(new Set(cited.map((c) => c.subject_kind))).toEqual(new Set(['operator', 'site', 'proceeding', 'person']));
    expect(new Set(cited.map((c) => c.fact))).toEqual(new Set([null, 'headcount', 'role', 'client']));
    expect(cited).toContainEqual({
      subject_kind: 'operator',
      subject_id: 'koramic',
      subject_name: 'Koramic',
      fact: 'headcount',
      // A no-break space between the thousands, as printed.
      quote: 'Koramic emploie directement et indirectement 6\u00a0000 salariés',
      fields: [],
    });
    expect(cited).toContainEqual(
      expect.objectContaining({
        subject_kind: 'proceeding',
        subject_id: 'ipg-depot-de-bilan-2017',
        subject_name: 'IPG',
        fact: null,
        fields: ['kind', 'sites'],
      }),
    );
    expect(cited).toContainEqual(
      expect.objectContaining({ subject_kind: 'site', subject_id: 'ipg-roubaix', fact: 'client' }),
    );
    expect(cited).toContainEqual(
      expect.objectContaining({
        subject_kind: 'person',
        subject_id: 'christian-dumolin',
        subject_name: 'Christian Dumolin',
        fact: 'role',
      }),
    );
  });

  it('lists the clubs, their members and officers quoting the clubs article', async () => {
    const cited = await citedOf('en-contact-spotlight-14-clubs-regionaux-relation-client');
    expect(new Set(cited.map((c) => c.subject_kind))).toEqual(new Set(['club', 'site', 'person', 'operator']));
    expect(
      cited
        .filter((c) => c.fact === 'affiliation')
        .map((c) => `${c.subject_id}:${c.quote.slice(0, 10)}`)
        .sort(),
    ).toEqual(['club-angers:peut-être ', ...Array(4).fill('hub-retail:King Jouet')]);
    expect(cited).toContainEqual(
      expect.objectContaining({ subject_kind: 'person', subject_id: 'fabrice-mabru', fact: 'role' }),
    );
    expect(cited).toContainEqual(
      expect.objectContaining({
        subject_kind: 'club',
        subject_id: 'cprc-rhone-alpes',
        subject_name: 'CPRC Rhône-Alpes',
        fact: null,
        fields: ['name', 'region', 'member_count', 'kind'],
      }),
    );
  });

  it('for every source, lists exactly the citations and facts of the seed that quote it, each verbatim', async () => {
    for (const source of sources) {
      const { status, body } = await getJson(app, `/v1/sources/${source.id}`);
      expect(status, source.id).toBe(200);
      expect(body.title).toBe(source.title);
      const cited = await citedOf(source.id);
      // The detail embeds the first 20 of the list, and its total.
      expect(body.cited_by_total, source.id).toBe(cited.length);
      expect(
        body.cited_by.map(({ recorded_at: _, ...c }: Cited) => c),
        source.id,
      ).toEqual(cited.slice(0, 20));
      expect(body.cited_by_url).toBe(`/v1/sources/${source.id}/citations`);
      const expected = expectedCitedBy(source.id);
      expect(expected.length, source.id).toBeGreaterThan(0);
      expect([...cited].sort(byContent), source.id).toEqual([...expected].sort(byContent));
      expect(new Set(cited.map((c) => c.subject_kind)).size, source.id).toBeGreaterThan(1);
      const text = articles.get(source.id)!;
      for (const c of cited) expect(text.includes(c.quote), `« ${c.quote} » in ${source.id}`).toBe(true);
    }
  });

  it('gives the citations of entries first, latest recorded first, then each kind of fact', async () => {
    for (const source of sources) {
      const { body } = await getJson(app, `/v1/sources/${source.id}/citations?limit=100`);
      const cited: Cited[] = body.data;
      const ranks = cited.map((c) => factRank.indexOf(c.fact));
      for (let i = 1; i < cited.length; i++) {
        expect(ranks[i]!, source.id).toBeGreaterThanOrEqual(ranks[i - 1]!);
        if (cited[i]!.fact === null) expect(cited[i]!.recorded_at! <= cited[i - 1]!.recorded_at!).toBe(true);
        else expect(cited[i]!.recorded_at).toBeNull();
      }
    }
  });

  it('answers 404 for an unknown source', async () => {
    const { status, body } = await getJson(app, '/v1/sources/no-such-source');
    expect(status).toBe(404);
    expect(body).toMatchObject({ status: 404, code: 'not_found' });
  });
});

describe('sources with rows added', () => {
  it('lists a practitioner named in a proceeding as a fact of that proceeding', async () => {
    const mayArticle = 'en-contact-2020-05-15-mandataires-judiciaires-croulent-sous-les-appels';
    const quote = 'Paris Turf, Mavic, Presstalis, 5àsec les mandataires judiciaires croulent sous les appels.';
    const id = uniqueId('test-proceeding');
    await db.insert(proceedings).values({ id, company_name: 'Société Témoin', kind: 'redressement_judiciaire' });
    await db.insert(proceedingPractitioners).values({
      proceeding_id: id,
      mandataire_id: 'abitbol',
      role: 'administrateur_judiciaire',
      source_id: mayArticle,
      quote,
    });
    const cited = await citedOf(mayArticle);
    expect(cited).toHaveLength(expectedCitedBy(mayArticle).length + 1);
    expect(cited.at(-1)).toEqual({
      subject_kind: 'proceeding',
      subject_id: id,
      subject_name: 'Société Témoin',
      fact: 'practitioner',
      quote,
      fields: [],
    });
  });
});
