// Entries without a value for the sort key (an undated proceeding, a site whose commune or opening date is unknown, a
// club whose membership is unknown, an undated source) come last in ascending as in descending order, the id breaking
// ties; and paging through the list (keyset cursors, a cursor resuming among them too) gives every entry once, in the
// same order as one page. Against a real PostgreSQL.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { proceedings } from '../../src/db/schema/index.js';
import { collectPages, getJson, testApp } from '../setup/app.js';
import { createOperator, createSite, uniqueId } from '../setup/factories.js';

let app: App;
let db: Db;
let operator: string;
/** The entries of this file, by letter: `${prefix}-a`… (so that the id order among ties is the letters'). */
const prefix = uniqueId('nv');
const id = (letter: string) => `${prefix}-${letter}`;

beforeAll(async () => {
  ({ app, db } = await testApp());
  operator = (await createOperator(db)).id;
  const sites = {
    a: { commune: 'Amiens', opened_on: '2015' },
    b: { commune: null, departement: '80', opened_on: null },
    c: { commune: 'Abbeville', opened_on: null },
    d: { commune: null, departement: '80', opened_on: '2010' },
    e: { commune: 'Amiens', opened_on: '2015-03' },
  };
  for (const [letter, place] of Object.entries(sites)) {
    await createSite(db, { id: id(letter), name: `Centre ${letter}`, operator, ...place });
  }
  const dates = { f: '2019', g: null, h: '2018-06', i: null, j: '2018-06-15' };
  await db.insert(proceedings).values(
    Object.entries(dates).map(([letter, date]) => ({
      id: id(letter),
      company_name: `Société ${letter}`,
      kind: 'liquidation_judiciaire' as const,
      operator_id: operator,
      date,
    })),
  );
});

/** The letters of this file's entries in a list's order, one page of 100. */
const letters = async (url: string) =>
  (await getJson(app, url)).body.data.map((r: { id: string }) => r.id.slice(prefix.length + 1));

/** The same list page by page (`limit`), checked to give every entry once, in the one page's order. */
async function expectSamePaged(url: string, limit: number) {
  const whole = (await getJson(app, `${url}&limit=100`)).body.data.map((r: { id: string }) => r.id);
  const { rows, pages } = await collectPages(app, `${url}&limit=${limit}`);
  expect(rows.map((r) => r.id)).toEqual(whole);
  expect(pages).toBe(Math.max(1, Math.ceil(whole.length / limit)));
}

describe('a sort key without a value sorts last, ascending and descending', () => {
  it('puts undated proceedings after the dated ones, in both orders', async () => {
    const url = `/v1/proceedings?operator=${operator}&limit=100`;
    expect(await letters(`${url}&sort=date`)).toEqual(['h', 'j', 'f', 'g', 'i']);
    expect(await letters(`${url}&sort=-date`)).toEqual(['f', 'j', 'h', 'i', 'g']);
    const dates = (await getJson(app, `${url}&sort=date`)).body.data.map((p: { date: string | null }) => p.date);
    expect(dates).toEqual(['2018-06', '2018-06-15', '2019', null, null]);
  });

  it('puts sites whose commune or opening date is unknown last, in both orders', async () => {
    const url = `/v1/sites?operator=${operator}&limit=100`;
    expect(await letters(`${url}&sort=commune`)).toEqual(['c', 'a', 'e', 'b', 'd']);
    expect(await letters(`${url}&sort=-commune`)).toEqual(['e', 'a', 'c', 'd', 'b']);
    expect(await letters(`${url}&sort=opened_on`)).toEqual(['d', 'a', 'e', 'b', 'c']);
    expect(await letters(`${url}&sort=-opened_on`)).toEqual(['e', 'a', 'd', 'c', 'b']);
  });

  it('puts clubs whose membership is unknown last, in both orders', async () => {
    const count = async (sort: string) =>
      (await getJson(app, `/v1/clubs?sort=${sort}&limit=100`)).body.data.map(
        (c: { member_count: number | null }) => c.member_count,
      );
    expect(await count('member_count')).toEqual([15, 30, 350, ...Array(8).fill(null)]);
    expect(await count('-member_count')).toEqual([350, 30, 15, ...Array(8).fill(null)]);
  });

  it('puts undated sources last, in both orders', async () => {
    const dates = async (sort: string) =>
      (await getJson(app, `/v1/sources?sort=${sort}&limit=100`)).body.data.map(
        (s: { published_on: string | null }) => s.published_on,
      );
    // The seed's three dated articles, then the undated sources (two of the seed's, the factories' test page).
    expect(await dates('published_on')).toEqual(['2012-07-18', '2017-04-26', '2020-05-15', null, null, null]);
    expect(await dates('-published_on')).toEqual(['2020-05-15', '2017-04-26', '2012-07-18', null, null, null]);
  });
});

describe('paging through a sort with entries without a value gives every entry once, in the same order', () => {
  it.each([
    ['proceedings by date', `/v1/proceedings?operator=${'OPERATOR'}&sort=date`],
    ['proceedings by date, descending', `/v1/proceedings?operator=${'OPERATOR'}&sort=-date`],
    ['sites by commune', `/v1/sites?operator=${'OPERATOR'}&sort=commune`],
    ['sites by commune, descending', `/v1/sites?operator=${'OPERATOR'}&sort=-commune`],
    ['sites by opening date', `/v1/sites?operator=${'OPERATOR'}&sort=opened_on`],
    ['sites by opening date, descending', `/v1/sites?operator=${'OPERATOR'}&sort=-opened_on`],
    ['clubs by membership', '/v1/clubs?sort=member_count'],
    ['clubs by membership, descending', '/v1/clubs?sort=-member_count'],
    ['sources by date', '/v1/sources?sort=published_on'],
    ['sources by date, descending', '/v1/sources?sort=-published_on'],
  ])('%s', async (_name, url) => {
    for (const limit of [1, 2]) await expectSamePaged(url.replace('OPERATOR', operator), limit);
  });
});
