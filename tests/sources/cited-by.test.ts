// A source's detail embeds a bounded number of what cites it (each monthly Sirene stock source and each BODACC source
// cite every entry they imported: up to a million citations in one detail): the first 20, citations of entries
// latest recorded first, then the sourced facts; the total; and the URL of the paginated list of all of them,
// GET /v1/sources/{id}/citations. Withheld entries are neither listed nor counted.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { mandataires, proceedingPractitioners, proceedings, sources } from '../../src/db/schema/index.js';
import type { CitedBy as Cited } from '../../src/modules/sources/queries.js';
import { getJson, testApp } from '../setup/app.js';
import { createSite, uniqueId } from '../setup/factories.js';

let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await testApp());
});

/** Every row of a source's citations list, following next_cursor; each page's total. */
async function allPages(url: string) {
  const rows: Cited[] = [];
  const totals: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await getJson(app, cursor ? `${url}&cursor=${encodeURIComponent(cursor)}` : url);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    rows.push(...page.body.data);
    totals.push(page.body.total);
    cursor = page.body.next_cursor;
    pages++;
  } while (cursor && pages < 100);
  return { rows, totals, pages };
}

describe("a source's citations (bounded detail, paginated list)", () => {
  const source = uniqueId('test-source');
  const proceeding = uniqueId('test-proceeding');
  const practitioner = uniqueId('test-practitioner');
  let shownSites: string[] = [];
  let withheldSite = '';

  beforeAll(async () => {
    await db.insert(sources).values({ id: source, title: 'Stock Sirene de test' });
    shownSites = [(await createSite(db)).id, (await createSite(db)).id];
    withheldSite = (await createSite(db)).id;
    // 250 citations: quote n, n = 1…250, cycling over the three sites (every third one the withheld site's).
    const ids = sql`array[${shownSites[0]}, ${shownSites[1]}, ${withheldSite}]::varchar[]`;
    await db.execute(sql`
      insert into citations (source_id, quote, fields, site_id)
      select ${source}, 'Citation ' || g, '{name}', (${ids})[1 + (g - 1) % 3]
        from generate_series(1, 250) g order by g`);
    await db.execute(sql`update sites set withheld = true where id = ${withheldSite}`);
    // One sourced fact: a practitioner appointed in a proceeding, listed after the citations.
    await db.insert(mandataires).values({ id: practitioner, name: 'Me Test', kind: 'practitioner' });
    await db.insert(proceedings).values({ id: proceeding, company_name: 'Société Citée', kind: 'sauvegarde' });
    await db
      .insert(proceedingPractitioners)
      .values({ proceeding_id: proceeding, mandataire_id: practitioner, source_id: source, quote: 'Me Test' });
  });

  /** The quotes of the citations shown: n not a multiple of 3 (the withheld site's are 3, 6, …), latest first. */
  const shownQuotes = Array.from({ length: 250 }, (_, i) => 250 - i)
    .filter((n) => n % 3 !== 0)
    .map((n) => `Citation ${n}`);

  it('embeds the 20 latest citations, the total and the URL of the list', async () => {
    const response = await app.inject({ method: 'GET', url: `/v1/sources/${source}` });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(shownQuotes).toHaveLength(167);
    expect(body.cited_by).toHaveLength(20);
    expect(body.cited_by.map((c: Cited) => c.quote)).toEqual(shownQuotes.slice(0, 20));
    expect(body.cited_by[0]).toMatchObject({ subject_kind: 'site', fact: null, fields: ['name'] });
    expect(body.cited_by[0].recorded_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // 166 citations shown and the practitioner's appointment; the withheld site's 83 neither listed nor counted.
    expect(body.cited_by_total).toBe(167 + 1);
    expect(body.cited_by_url).toBe(`/v1/sources/${source}/citations`);
    expect(JSON.stringify(body)).not.toContain(withheldSite);
  });

  it('says on the page how many it shows of how many, with the link to all of them', async () => {
    const response = await app.inject({ method: 'GET', url: `/sources/${source}` });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Fiche limitée à 20 citations sur 168');
    expect(response.body).toContain(`<a href="/sources/${source}/citations">Voir les 168 citations</a>`);
    expect(response.body).toContain(`href="/v1/sources/${source}/citations"`);
  });

  it('lists them all on a French page, 100 a page, in the JSON list’s order grouped by entry', async () => {
    const quotesOf = (html: string) => [...html.matchAll(/<blockquote>« (.*?) »<\/blockquote>/g)].map((m) => m[1]);
    // A page groups its rows by entry, as the source's page does: each site where its first row comes.
    const byEntry = (quotes: string[]) => {
      const groups = new Map<string, string[]>();
      for (const q of quotes) {
        const entry = q.startsWith('Citation ') ? String(Number(q.slice(9)) % 3) : q;
        groups.set(entry, [...(groups.get(entry) ?? []), q]);
      }
      return [...groups.values()].flat();
    };
    const first = await app.inject({ method: 'GET', url: `/sources/${source}/citations` });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(first.body).toContain('<h1>Toutes les citations de « Stock Sirene de test »</h1>');
    expect(first.body).toContain('<h2 id="citations">168 citations</h2>');
    expect(quotesOf(first.body)).toEqual(byEntry(shownQuotes.slice(0, 100)));
    expect(first.body.match(/<article class="cited-entry">/g)).toHaveLength(2);
    expect(first.body).not.toContain('rel="first"');
    const next = /<a href="([^"]+)" rel="next">Suivantes →<\/a>/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toMatch(new RegExp(`^/sources/${source}/citations\\?cursor=`));
    const second = await app.inject({ method: 'GET', url: next! });
    expect(second.statusCode).toBe(200);
    expect(quotesOf(second.body)).toEqual(byEntry([...shownQuotes.slice(100), 'Me Test']));
    expect(second.body).not.toContain('rel="next"');
    expect(second.body).toContain(`<a href="/sources/${source}/citations" rel="first">← Début de la liste</a>`);
    // A smaller page keeps its size in the links.
    const small = await app.inject({ method: 'GET', url: `/sources/${source}/citations?limit=30` });
    expect(quotesOf(small.body)).toEqual(byEntry(shownQuotes.slice(0, 30)));
    expect(small.body).toMatch(
      new RegExp(`href="/sources/${source}/citations\\?limit=30&amp;cursor=[^"]+" rel="next"`),
    );
  });

  it('answers a bad address of the list of citations with the French 400 page, an unknown source with 404', async () => {
    const url = `/sources/${source}/citations`;
    const seed = 'en-contact-2017-04-26-fin-de-partie-ipg';
    const foreign = (await getJson(app, `/v1/sources/${seed}/citations?limit=1`)).body.next_cursor;
    const cases: [string, string][] = [
      [
        `${url}?cursor=nope`,
        'Position dans la liste : cette position ne vient pas de cette liste : reprenez-la à son début',
      ],
      [
        `${url}?cursor=${foreign}`,
        'Position dans la liste : cette position ne vient pas de cette liste : reprenez-la à son début',
      ],
      [`${url}?limit=0`, 'Résultats par page : un nombre entier de 1 à 100'],
      [`${url}?sort=title`, 'Tri : paramètre inconnu de cette page'],
    ];
    for (const [path, message] of cases) {
      const response = await app.inject({ method: 'GET', url: path });
      expect(response.statusCode, path).toBe(400);
      expect(response.headers['content-type'], path).toBe('text/html; charset=utf-8');
      expect(response.body, path).toContain(`<li>${message}</li>`);
    }
    const unknown = await app.inject({ method: 'GET', url: `/sources/${uniqueId('no-source')}/citations` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('pages through all of them at the URL, each once, with the same total', async () => {
    const { rows, totals, pages } = await allPages(`/v1/sources/${source}/citations?limit=30`);
    expect(pages).toBe(6);
    expect(new Set(totals)).toEqual(new Set([168]));
    expect(rows).toHaveLength(168);
    expect(rows.slice(0, 167).map((r) => r.quote)).toEqual(shownQuotes);
    expect(rows.every((r) => r.subject_id !== withheldSite)).toBe(true);
    expect(rows.at(-1)).toEqual({
      subject_kind: 'proceeding',
      subject_id: proceeding,
      subject_name: 'Société Citée',
      fact: 'practitioner',
      quote: 'Me Test',
      fields: [],
      recorded_at: null,
    });
    // The first page is the detail's 20 and more.
    const first = await getJson(app, `/v1/sources/${source}/citations`);
    expect(first.body.limit).toBe(20);
    expect(first.body.total_exact).toBe(true);
    expect(first.body.data.map((c: Cited) => c.quote)).toEqual(shownQuotes.slice(0, 20));
  });

  it('answers problem+json naming the parameter for a bad cursor or limit, 404 for an unknown source', async () => {
    const url = `/v1/sources/${source}/citations`;
    const other = await getJson(app, `/v1/sources?limit=1`);
    const cases: [string, number, string | null][] = [
      [`${url}?cursor=nope`, 400, 'cursor'],
      [`${url}?cursor=${other.body.next_cursor}`, 400, 'cursor'],
      [`${url}?limit=0`, 400, 'limit'],
      [`${url}?limit=101`, 400, 'limit'],
      [`${url}?sort=title`, 400, 'sort'],
      [`/v1/sources/${uniqueId('no-source')}/citations`, 404, null],
    ];
    for (const [path, status, name] of cases) {
      const response = await app.inject({ method: 'GET', url: path });
      expect(response.statusCode, path).toBe(status);
      expect(response.headers['content-type'], path).toMatch(/^application\/problem\+json/);
      if (name) expect(JSON.stringify(response.json().errors), path).toContain(`"name":"${name}"`);
    }
    // A cursor of another source's list is refused too.
    const page = await getJson(app, `${url}?limit=5`);
    const seed = 'en-contact-2017-04-26-fin-de-partie-ipg';
    const foreign = await app.inject({
      method: 'GET',
      url: `/v1/sources/${seed}/citations?limit=5&cursor=${page.body.next_cursor}`,
    });
    expect(foreign.statusCode).toBe(400);
  });
});

// One practitioner appointed twice in one proceeding under two roles (and once of unknown role), all cited by one
// source: three appointments, three facts, each listed once page after page (the list's keyset was the proceeding and
// practitioner alone: the second role's fact fell between two pages).
describe("a source's citations, one practitioner's appointments in several roles", () => {
  it('lists each appointment once, one a page, with the same total', async () => {
    const source = uniqueId('test-source');
    const proceeding = uniqueId('test-proceeding');
    const practitioner = uniqueId('test-practitioner');
    await db.insert(sources).values({ id: source, title: 'Annonces de test' });
    await db.insert(mandataires).values({ id: practitioner, name: 'Me Deux Rôles', kind: 'practitioner' });
    await db
      .insert(proceedings)
      .values({ id: proceeding, company_name: 'Société Deux Rôles', kind: 'redressement_judiciaire' });
    await db.insert(proceedingPractitioners).values(
      (['liquidateur', null, 'mandataire_judiciaire'] as const).map((role) => ({
        proceeding_id: proceeding,
        mandataire_id: practitioner,
        role,
        source_id: source,
        quote: `Me Deux Rôles ${role ?? 'sans rôle'}`,
      })),
    );
    const { rows, totals, pages } = await allPages(`/v1/sources/${source}/citations?limit=1`);
    expect(pages).toBe(3);
    expect(new Set(totals)).toEqual(new Set([3]));
    expect(rows.map((r) => [r.subject_id, r.fact, r.quote])).toEqual([
      [proceeding, 'practitioner', 'Me Deux Rôles sans rôle'],
      [proceeding, 'practitioner', 'Me Deux Rôles liquidateur'],
      [proceeding, 'practitioner', 'Me Deux Rôles mandataire_judiciaire'],
    ]);
  });
});
