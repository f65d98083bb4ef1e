// The shared fields as every write takes them, through the API and the import: dates that exist, ISO countries,
// SIREN and SIRET with spaces, text in Unicode NFC, error details that name each field once.
import { sql } from 'drizzle-orm';
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

const source = 'en-contact-2017-04-26-fin-de-partie-ipg';
const citations = [{ source, quote: 'IPG Contacts Services est une deuxième entité' }];
const citation = citations[0];

/** Every date field of the write bodies: the route, a valid body around it, and where the date goes. */
const dateFields: [string, string, (date: string) => Record<string, unknown>][] = [
  ['sites', 'opened_on', (d) => ({ name: 'Date site', commune: 'Amiens', opened_on: d, citations })],
  ['sites', 'closed_on', (d) => ({ name: 'Date site', commune: 'Amiens', status: 'closed', closed_on: d, citations })],
  ['sites', 'status_as_of', (d) => ({ name: 'Date site', commune: 'Amiens', status_as_of: d, citations })],
  ['clubs', 'member_count_as_of', (d) => ({ name: 'Club date', kind: 'cluster', member_count_as_of: d, citations })],
  ['clubs', 'status_as_of', (d) => ({ name: 'Club date', kind: 'cluster', status_as_of: d, citations })],
  ['mandataires', 'directory_size_as_of', (d) => ({ name: 'M', kind: 'firm', directory_size_as_of: d, citations })],
  [
    'mandataires',
    'hotline.opened_on',
    (d) => ({ name: 'M', kind: 'firm', hotline: { phone: '0800942564', opened_on: d }, citations }),
  ],
  [
    'mandataires',
    'hotline.closed_on',
    (d) => ({ name: 'M', kind: 'firm', hotline: { phone: '0800942564', closed_on: d }, citations }),
  ],
  ['proceedings', 'date', (d) => ({ company_name: 'Date SA', kind: 'sauvegarde', date: d, citations })],
  ['sites/ipg-roubaix/headcounts', 'as_of', (d) => ({ kind: 'employees', value: 10, as_of: d, citation })],
  ['operators/ipg/headcounts', 'as_of', (d) => ({ kind: 'employees', value: 10, as_of: d, citation })],
];

describe('dates', () => {
  for (const date of ['2017-02-30', '2017-04-31', '0000', '0000-04', '2019-02-29']) {
    it.each(dateFields)(`refuses ${date} in %s %s with a 400 naming it`, async (path, field, body) => {
      const response = await send('POST', `/v1/${path}`, body(date));
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([
        { in: 'body', name: field, message: `'${date}' is not a date of the calendar` },
      ]);
    });
  }

  it.each(['2017-02-30', '0000-01-01'])("refuses a new source's publication date %s", async (date) => {
    const response = await send('POST', '/v1/operators', {
      name: 'Source datée',
      citations: [
        { source: { url: 'https://example.org/a', title: 'T', outlet: 'O', published_on: date }, quote: 'q' },
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { in: 'body', name: 'citations.0.source.published_on', message: `'${date}' is not a date of the calendar` },
    ]);
  });

  it('takes 29 February of a leap year', async () => {
    const response = await send('POST', '/v1/proceedings', {
      company_name: 'Bissextile SA',
      kind: 'sauvegarde',
      date: '2016-02-29',
      citations,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().date).toBe('2016-02-29');
  });
});

describe('countries', () => {
  it('takes a lower-case ISO code and stores it in capitals', async () => {
    const site = await send('POST', '/v1/sites', { name: 'Plateau Rabat', country: 'ma', commune: 'Rabat', citations });
    expect(site.statusCode).toBe(201);
    expect(site.json().country).toBe('MA');
    const operator = await send('POST', '/v1/operators', { name: 'Opérateur belge', country: 'be', citations });
    expect(operator.json().country).toBe('BE');
  });

  it.each([
    ['sites', { name: 'Nulle part', country: 'XX', citations }],
    ['operators', { name: 'Royaume', country: 'UK', citations }],
    ['clubs', { name: 'Club France', kind: 'cluster', country: 'FRA', citations }],
    ['mandataires', { name: 'Étude', kind: 'firm', country: 'ZZ', citations }],
  ])('refuses an unknown country in %s', async (path, body) => {
    const response = await send('POST', `/v1/${path}`, body);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      {
        in: 'body',
        name: 'country',
        message: `'${body.country}' is not an ISO 3166-1 alpha-2 country code (such as FR, BE, MA)`,
      },
    ]);
  });

  it('refuses an unknown country in a filter, and takes a lower-case one', async () => {
    const refused = await getJson(app, '/v1/sites?country=XX');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { in: 'query', name: 'country', message: "'XX' is not an ISO 3166-1 alpha-2 country code (such as FR, BE, MA)" },
    ]);
    const lower = await getJson(app, '/v1/sites?country=ma');
    expect(lower.body.data.map((s: { country: string }) => s.country)).toContain('MA');
  });
});

describe('SIREN and SIRET as people write them', () => {
  it.each([
    ['552 032 534', '552032534', 'espaces'],
    // Three legal units: one entry per SIREN.
    ['552\u00a0032\u00a0518', '552032518', 'espaces insécables'],
    ['552\u202f032\u202f526', '552032526', 'espaces fines'],
  ])('stores the SIREN %j compact', async (siren, compact, spaces) => {
    const created = await send('POST', '/v1/operators', { name: `Opérateur aux ${spaces}`, siren, citations });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().siren).toBe(compact);
  });

  it.each([
    ['356 000 000 00048', '35600000000048'],
    ['732\u00a0829\u00a0320\u00a000074', '73282932000074'],
  ])('stores the SIRET %j compact', async (siret, compact) => {
    const created = await send('POST', '/v1/sites', { name: `Site ${compact}`, commune: 'Amiens', siret, citations });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().siret).toBe(compact);
  });

  it.each([
    ['operators', 'siren', '732 829 321', '732829321 is not a valid SIREN (its check digit is wrong)'],
    ['sites', 'siret', '356 000 000 00049', '35600000000049 is not a valid SIRET (its check digit is wrong)'],
  ])('still checks the check digit of a spaced %s %s', async (path, field, value, message) => {
    const body = {
      name: `Faux ${field}`,
      [field]: value,
      citations,
      ...(path === 'sites' ? { commune: 'Amiens' } : {}),
    };
    const response = await send('POST', `/v1/${path}`, body);
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([{ in: 'body', name: field, message }]);
    expect(response.json().detail).toBe(`${field}: ${message}`);
  });
});

describe('text in Unicode NFC', () => {
  const decomposed = 'Ple\u0301iade Vendo\u0302me';
  const precomposed = 'Pléiade Vendôme';

  it('stores a name typed with combining accents as the precomposed name, one id for both', async () => {
    const aliases = [`Groupe ${decomposed}`];
    const first = await send('POST', '/v1/operators', { name: decomposed, aliases, citations });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      id: 'pleiade-vendome',
      name: precomposed,
      aliases: [`Groupe ${precomposed}`],
    });
    const [row] = await db.execute<{ name: string }>(sql`select name from operators where id = 'pleiade-vendome'`);
    expect(row!.name).toBe(precomposed);
    // The same name typed precomposed is the same entry: refused, not made beside it as « pleiade-vendome-2 ».
    const again = await send('POST', '/v1/operators', { name: precomposed, citations });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe(
      "An operator named 'Pléiade Vendôme' exists: 'pleiade-vendome'. Change it, or give another name.",
    );
    const explicit = await send('POST', '/v1/operators', { id: 'pleiade-vendome', name: precomposed, citations });
    expect(explicit.statusCode).toBe(409);
    // A name that only slugs alike is another entry.
    const other = await send('POST', '/v1/operators', { name: 'Pleiade Vendome', citations });
    expect(other.statusCode).toBe(201);
    expect(other.json().id).toBe('pleiade-vendome-2');
    // So is a site of the same name in another commune; in the same commune it is the same site.
    const tours = await send('POST', '/v1/sites', { name: decomposed, commune: 'Tours', citations });
    expect(tours.statusCode).toBe(201);
    const blois = await send('POST', '/v1/sites', { name: precomposed, commune: 'Blois', citations });
    expect(blois.statusCode).toBe(201);
    const toursAgain = await send('POST', '/v1/sites', { name: precomposed, commune: 'Tours', citations });
    expect(toursAgain.statusCode).toBe(409);
    expect(toursAgain.json().detail).toBe(
      `A site named 'Pléiade Vendôme' in Tours exists: '${tours.json().id}'. Change it, or give another name.`,
    );
    const byName = await getJson(app, `/v1/operators?q=${encodeURIComponent(decomposed)}`);
    expect(byName.body.data.map((o: { id: string }) => o.id)).toContain('pleiade-vendome');
  });

  it('refuses a proceeding with the words of one already known, before it, its field rules', async () => {
    const body = { company_name: 'Mavic', kind: 'en_difficulte', citations };
    const refused = await send('POST', '/v1/proceedings', { ...body, operator: 'no-such-operator' });
    expect(refused.statusCode).toBe(422);
    const duplicate = await send('POST', '/v1/proceedings', body);
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().detail).toBe(
      "A proceeding of 'Mavic' (en difficulte) exists: 'mavic-en-difficulte-2020'. Change it, or give another name.",
    );
    // Dated, it is another proceeding of the same company.
    expect((await send('POST', '/v1/proceedings', { ...body, date: '2017-03' })).statusCode).toBe(201);
  });

  it('normalises quotes and new sources too', async () => {
    const created = await send('POST', '/v1/sites', {
      name: 'Cafe\u0301 des appels',
      commune: 'Ame\u0301lie-les-Bains-Palalda',
      citations: [{ source, quote: 'IPG Contacts Services est une deuxie\u0300me entite\u0301' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().name).toBe('Café des appels');
    const [row] = await db.execute<{ quote: string }>(
      sql`select quote from citations where site_id = ${created.json().id}`,
    );
    expect(row!.quote).toBe('IPG Contacts Services est une deuxième entité');
  });
});

describe('error details', () => {
  it('name each field once, before its message', async () => {
    const response = await send('POST', '/v1/sites', { name: 'Plateau Atlantis', commune: 'Atlantis', citations });
    expect(response.statusCode).toBe(422);
    expect(response.json().detail).toBe("commune: no commune is named 'Atlantis'");
    expect(response.json().errors).toEqual([
      { in: 'body', name: 'commune', message: "no commune is named 'Atlantis'" },
    ]);
  });
});
