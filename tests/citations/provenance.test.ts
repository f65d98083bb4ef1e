// Every fact carries its source: a citation names attributes its entry (or its link) has, each once; a quote of a
// source whose text Plateau holds is found in it verbatim; the same dated figure or officer is not stored twice;
// a citation without `fields` supports what the write states; and no seeded entry states an attribute no quote
// supports (citations/fields.ts).
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { unsourcedAttributes } from '../../src/citations/fields.js';
import { newSourceInput, resolveCitations } from '../../src/citations/input.js';
import { verbatimFault } from '../../src/citations/verbatim.js';
import type { Db } from '../../src/db/client.js';
import * as schema from '../../src/db/schema/index.js';
import { entryKinds } from '../../src/kinds.js';
import { readSeed } from '../../src/seed/load.js';
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

const ipg = 'en-contact-2017-04-26-fin-de-partie-ipg';
const clubsArticle = 'en-contact-spotlight-14-clubs-regionaux-relation-client';
const ipgText =
  `the text of the source '${ipg}' (« Fin de partie pour le centre d’appels IPG dans le Nord, filiale de Koramic, ` +
  'à Paris les affaires continuent »)';
const rule = 'a quote is whole words of the text, word for word, at least 2 words and 8 letters or digits';
const site = (name: string, citations: unknown[]) => ({ name, commune: 'Orléans', status: 'open', citations });

describe('a citation’s fields', () => {
  it('name fields of the entry’s kind, each once (422 naming citations.N.fields.M)', async () => {
    const response = await send(
      'POST',
      '/v1/sites',
      site('Test Fields X', [{ source: ipg, quote: 'vient de déposer son bilan', fields: ['bogus', 'name', 'name'] }]),
    );
    expect(response.statusCode).toBe(422);
    const fields =
      'name, aliases, operator, siret, country, address, commune, departement, code_commune, code_postal, status, ' +
      'status_as_of, opened_on, closed_on, naf_code, tranche_effectifs, annee_effectifs, latitude, longitude, ' +
      'coordinates_precision, notes, headcounts, clients';
    expect(response.json().errors).toEqual([
      { in: 'body', name: 'citations.0.fields.0', message: `'bogus' is not a field of a site (${fields})` },
      { in: 'body', name: 'citations.0.fields.2', message: "'name' is named twice" },
    ]);
    const [row] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from sites where name = 'Test Fields X'`,
    );
    expect(row!.n).toBe(0);
  });

  it('of a change too, and of a link: a headcount’s citation names a headcount’s fields', async () => {
    const patch = await send(
      'PATCH',
      '/v1/sites/ipg-roubaix',
      { citations: [{ source: ipg, quote: 'vient de déposer son bilan', fields: ['comune'] }] },
      { 'if-match': '*' },
    );
    expect(patch.statusCode).toBe(422);
    expect(patch.json().errors[0]).toMatchObject({ name: 'citations.0.fields.0' });
    const figure = await send('POST', '/v1/sites/ipg-roubaix/headcounts', {
      value: 30,
      kind: 'employees',
      citation: { source: ipg, quote: 'pour 30 d’entre eux', fields: ['value', 'salaries'] },
    });
    expect(figure.statusCode).toBe(422);
    expect(figure.json().errors).toEqual([
      {
        in: 'body',
        name: 'citation.fields.1',
        message: "'salaries' is not a field of a headcount (kind, value, as_of, note)",
      },
    ]);
  });
});

describe('a quote of a source whose text Plateau holds', () => {
  // (A quote holding a control character, « q\u0002z », is refused before: tests/writes/text.test.ts.)
  it.each([['Le site d’Orléans emploie 5000 personnes zzz'], ['Les 33 salariés d’IPG']])(
    'is refused when the article does not say « %s » (422 naming citations.0.quote)',
    async (quote) => {
      const response = await send(
        'POST',
        '/v1/sites',
        site('Test Site G', [{ source: ipg, quote, fields: ['name', 'commune', 'status'] }]),
      );
      expect(response.statusCode).toBe(422);
      expect(response.json().errors).toEqual([
        {
          in: 'body',
          name: 'citations.0.quote',
          message: `not found verbatim in ${ipgText}: ${rule}`,
        },
      ]);
      expect((await getJson(app, '/v1/sites/test-site-g-orleans')).status).toBe(404);
    },
  );

  it.each([
    ['x', 'is too short to quote'],
    ['Roubaix', 'is too short to quote'],
    ['IPG emploie', 'not found verbatim in'],
    ['2 salariés', 'begins or ends inside a word of'],
    ['euxième entité', 'begins or ends inside a word of'],
    ['Les 32 salari', 'begins or ends inside a word of'],
  ])('« %s » is refused: %s the text (whole words, two words and eight letters at least)', async (quote, fault) => {
    const response = await send('POST', '/v1/sites', site('Test Site Court', [{ source: ipg, quote }]));
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      { in: 'body', name: 'citations.0.quote', message: `${fault} ${ipgText}: ${rule}` },
    ]);
  });

  it.each([['32 salariés'], ['IPG à Roubaix'], ['d’IPG vont bientôt'], ['Koramic emploie directement']])(
    '« %s » is taken: whole words of the text, long enough',
    async (quote) => {
      const made = await send('POST', '/v1/sites', site(`Test Site Mots ${quote}`, [{ source: ipg, quote }]));
      expect(made.statusCode).toBe(201);
    },
  );

  // verify12 fault 10: the article writes « » with non-breaking spaces (U+00A0) inside; a quote copied from the page
  // has plain ones, or narrow ones (U+202F): spacing is typography, not words.
  it.each([
    ['plain spaces', '« C’est la faute à pas de chance » indique Christian Dumolin'],
    ['narrow no-break spaces', '«\u202fC’est la faute à pas de chance\u202f» indique Christian Dumolin'],
  ])('is taken with %s where the article has non-breaking ones', async (kind, quote) => {
    const made = await send('POST', '/v1/sites', site(`Test Site Espaces ${kind}`, [{ source: ipg, quote }]));
    expect(made.statusCode).toBe(201);
    // Only the kind of space is folded, not how many.
    const doubled = await send(
      'POST',
      '/v1/sites',
      site('Test Site Espaces', [{ source: ipg, quote: quote.replace(' indique', '  indique') }]),
    );
    expect(doubled.json().errors).toEqual([
      { in: 'body', name: 'citations.0.quote', message: `not found verbatim in ${ipgText}: ${rule}` },
    ]);
  });

  // verify12 fault 07: a quote's first or last letter outside the basic plane (𝐀 U+1D400, 𐐷 U+10437) is a letter.
  it.each([
    ['x𝐀bc defghij', '𝐀bc defghij', 'inside a word'],
    ['abc defgh𝐀x fin', 'abc defgh𝐀', 'inside a word'],
    ['Centre 𐐷𐐷abc defghij', '𐐷abc defghij', 'inside a word'],
    ['Centre 𐐷abc defghij', '𐐷abc defghij', null],
    ['abc defgh𝐀 fin', 'abc defgh𝐀', null],
  ])('in « %s », « %s » is %s', (text, quote, fault) => {
    expect(verbatimFault(text, quote)).toBe(fault);
  });

  it('is refused on a link too (citation.quote), and taken when the article says it', async () => {
    const figure = await send('POST', '/v1/sites/ipg-roubaix/headcounts', {
      value: 5000,
      kind: 'employees',
      citation: { source: ipg, quote: 'IPG emploie 5000 personnes' },
    });
    expect(figure.statusCode).toBe(422);
    expect(figure.json().errors[0]).toMatchObject({ name: 'citation.quote' });
    const made = await send(
      'POST',
      '/v1/sites',
      site('Test Site Verbatim', [{ source: ipg, quote: 'à Paris les affaires continuent', fields: ['status'] }]),
    );
    expect(made.statusCode).toBe(201);
  });

  it('is checked on the sources as the write reads them, once: a known id, a known URL, a new source', async () => {
    // The statements reading `sources`, over a pool of our own (whitespace folded).
    const reads: string[] = [];
    const client = postgres(databaseUrl, {
      max: 1,
      onnotice: () => {},
      debug: (_, query) => {
        if (/\bfrom "?sources"?\b/.test(query)) reads.push(query.replace(/\s+/g, ' ').trim());
      },
    });
    const page = newSourceInput.parse({
      url: 'https://example.org/prov-once',
      title: 'Une page lue une fois',
      outlet: 'Exemple',
      published_on: '2024-05',
    });
    const fresh = newSourceInput.parse({
      url: 'https://example.org/prov-once-new',
      title: 'Une autre page',
      outlet: 'Exemple',
    });
    try {
      const counted = drizzle(client, { schema }) as unknown as Db;
      const rolledBack = counted.transaction(async (tx) => {
        await resolveCitations(tx, [{ key: 'before', list: [{ source: page, quote: 'Un centre', fields: [] }] }]);
        reads.length = 0;
        const resolved = await resolveCitations(tx, [
          {
            key: 'write',
            list: [
              { source: ipg, quote: 'à Paris les affaires continuent', fields: [] },
              { source: page, quote: 'Un centre', fields: [] },
              { source: fresh, quote: 'Un autre centre', fields: [] },
            ],
          },
        ]);
        const ids = resolved.lists.get('write')!.map((c) => c.source_id);
        expect(ids).toEqual([ipg, 'exemple-2024-05-une-page-lue-une-fois', 'exemple-une-autre-page']);
        expect(Object.fromEntries(resolved.publishedOn)).toEqual({
          [ipg]: '2017-04-26',
          'exemple-2024-05-une-page-lue-une-fois': '2024-05',
          'exemple-une-autre-page': null,
        });
        // The known id read once (with what the verbatim rule and the dates read), the URLs once, the new source's
        // free id once; none read again.
        expect(reads.map((q) => q.split(' where ')[0])).toEqual([
          'select id, file, title, published_on from sources',
          'select id, url, title, outlet, author, published_on, published_as_printed, file from sources',
          'select "id" from "sources"',
        ]);
        // A quote the held text does not say is still refused, from the same read.
        await expect(
          resolveCitations(tx, [
            { key: 'bad', list: [{ source: ipg, quote: 'IPG emploie 5000 personnes', fields: [] }] },
          ]),
        ).rejects.toMatchObject({ code: 'unprocessable', errors: [{ name: 'citations.0.quote' }] });
        tx.rollback();
      });
      await expect(rolledBack).rejects.toThrow('Rollback');
    } finally {
      await client.end();
    }
  });

  it('is not checked for a source without a held text (a new web page)', async () => {
    const made = await send(
      'POST',
      '/v1/sites',
      site('Test Site Page', [
        {
          source: { url: 'https://example.org/prov', title: 'Une page', outlet: 'Exemple' },
          quote: 'Un centre ouvre à Orléans',
        },
      ]),
    );
    expect(made.statusCode).toBe(201);
  });
});

describe('the same dated fact twice', () => {
  it('a headcount: 409 naming the figure already there, nothing stored', async () => {
    const body = {
      value: 32,
      kind: 'employees',
      as_of: '2017-04-26',
      citation: { source: ipg, quote: 'Les 32 salariés d’IPG' },
    };
    const [seeded] = await db.execute<{ id: number }>(
      sql`select id from headcounts where site_id = 'ipg-roubaix' and value = 32 and quote = 'Les 32 salariés d’IPG'`,
    );
    const response = await send('POST', '/v1/sites/ipg-roubaix/headcounts', body);
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toBe(
      `The site 'ipg-roubaix' already has this figure, from the same source and quote: headcount ${seeded!.id} ` +
        '(32 employees as of 2017-04-26).',
    );
    const detail = (await getJson(app, '/v1/sites/ipg-roubaix')).body;
    expect(detail.headcounts.filter((h: { value: number }) => h.value === 32)).toHaveLength(1);
  });

  it('a club officer: 409 naming the role already there', async () => {
    const [seeded] = await db.execute<{ id: number }>(
      sql`select id from roles where club_id = 'cprc-rhone-alpes' and person_id = 'fabrice-mabru'`,
    );
    const response = await send('POST', '/v1/clubs/cprc-rhone-alpes/officers', {
      person: 'fabrice-mabru',
      title: 'président',
      current: true,
      citation: {
        source: clubsArticle,
        quote: 'Son président, un peu trop inamovible au goût de certains (Fabrice Mabru)',
      },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toBe(
      `The club 'cprc-rhone-alpes' already names 'fabrice-mabru' président, from the same source and quote: ` +
        `officer role ${seeded!.id}.`,
    );
  });
});

describe('what a citation supports', () => {
  it('without fields, on a create: every attribute the create states', async () => {
    const made = await send(
      'POST',
      '/v1/sites',
      site('Test Site Sans Champs', [{ source: ipg, quote: 'à Paris les affaires continuent' }]),
    );
    expect(made.statusCode).toBe(201);
    expect(made.json().citations[0].fields).toEqual(['name', 'country', 'commune', 'status']);
    expect(Object.keys(made.json().last_confirmed)).toEqual(['name', 'country', 'commune', 'status']);
  });

  it('an attribute no citation supports is marked « sans source » on the page', async () => {
    const made = await send('POST', '/v1/proceedings', {
      company_name: 'Test Provenance SA',
      kind: 'liquidation_judiciaire',
      date: '2017-04-01',
      citations: [{ source: ipg, quote: 'vient de déposer son bilan', fields: ['company_name', 'kind'] }],
    });
    expect(made.statusCode).toBe(201);
    const page = await app.inject({ method: 'GET', url: `/proceedings/${made.json().id}` });
    const dateBlock = page.body.slice(page.body.indexOf('id="attribut-date"'));
    expect(dateBlock.slice(0, dateBlock.indexOf('</div>'))).toContain('<p class="unsourced">sans source</p>');
    const nameBlock = page.body.slice(page.body.indexOf('id="attribut-company_name"'));
    expect(nameBlock.slice(0, nameBlock.indexOf('</div>'))).not.toContain('sans source');
  });

  it('notes and a country abroad that no citation supports are marked « sans source » too', async () => {
    const own = { url: 'https://example.org/provenance-pays', title: 'Un centre au Maroc', outlet: 'Exemple' };
    const made = await send('POST', '/v1/sites', {
      name: 'Test Site Pays',
      country: 'MA',
      commune: 'Tanger',
      status: 'open',
      notes: 'Ouvert par un opérateur français.',
      citations: [{ source: own, quote: 'Un centre ouvre', fields: ['name', 'status'] }],
    });
    expect(made.statusCode).toBe(201);
    const marked = async (id: string) => {
      const page = (await app.inject({ method: 'GET', url: `/sites/${id}` })).body;
      return ['country', 'notes', 'commune', 'name'].filter((key) => {
        const block = page.slice(page.indexOf(`id="attribut-${key}"`));
        return block.slice(0, block.indexOf('</div>')).includes('<p class="unsourced">sans source</p>');
      });
    };
    expect(await marked(made.json().id)).toEqual(['country', 'notes', 'commune']);
    // The city abroad, once a citation gives it, places the site in its country; a note cited is sourced.
    const cited = await send('POST', '/v1/sites', {
      name: 'Test Site Pays Cité',
      country: 'MA',
      commune: 'Tanger',
      status: 'open',
      notes: 'Ouvert par un opérateur français.',
      citations: [{ source: own, quote: 'Un centre ouvre à Tanger', fields: ['name', 'status', 'commune', 'notes'] }],
    });
    expect(await marked(cited.json().id)).toEqual([]);
    // France, the directory's country, is worked out (the commune's, or the default).
    const french = await send('POST', '/v1/sites', {
      name: 'Test Site France',
      commune: 'Orléans',
      status: 'open',
      citations: [{ source: own, quote: 'Un centre ouvre à Orléans', fields: ['name', 'status', 'commune'] }],
    });
    expect(await marked(french.json().id)).toEqual([]);
  });

  it('every seeded entry: each attribute it states is supported by a citation (worked-out ones apart)', async () => {
    const unsourced: string[] = [];
    const seed = await readSeed();
    for (const kind of entryKinds) {
      const ids = seed[kind.plural as 'sites'];
      expect(ids.length).toBeGreaterThan(0);
      for (const { id } of ids) {
        const detail = (await kind.readDetail(db, id))!;
        // The seed's notes are its editors' remarks on the article: their pages say they have no source.
        for (const key of unsourcedAttributes(detail)) {
          if (key !== 'notes') unsourced.push(`${kind.plural}/${id}: ${key}`);
        }
      }
    }
    expect(unsourced).toEqual([]);
  });
});
