// The page for journalists says it in French and says no more than its sources: a monthly data set's date is its
// month (« mai 2026 », never an invented « 1er mai 2026 »), « stock d’août », data sets apart from press articles; no
// parameter, facet, vocabulary value or code shown raw (one label table, src/pages/labels.ts); the 400 page in
// French; a site's Sirene headcount band as a dated figure of its timeline (and of the API's `headcounts`).
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { facetNames } from '../../src/listing/facets.js';
import { directoryFilters } from '../../src/modules/search/run.js';
import { editionSource, saveEditionSource } from '../../src/open-data/sirene/source.js';
import { hasLabel } from '../../src/pages/labels.js';
import { getJson, testApp } from '../setup/app.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;

const may2020 = 'en-contact-2020-05-15-mandataires-judiciaires-croulent-sous-les-appels';
const bandQuote = 'SIRET 80123456700015 ; trancheEffectifsEtablissement=« 03 » ; anneeEffectifsEtablissement=« 2024 »';

/** A page's text, as read: inline tags dropped, others a space, spaces collapsed. */
const text = (html: string) =>
  html
    .replace(/<\/?(a|span|strong|em|mark|code)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&')
    .trim();

/** The text of the part of a page from the heading `from` to the next heading of level 2 or 3, or the footer. */
function section(html: string, from: string): string {
  const start = html.indexOf(from);
  expect(start, from).toBeGreaterThan(-1);
  const rest = html.slice(start + from.length);
  const end = rest.search(/<h[23][ >]|<footer/);
  return text(html.slice(start, start + from.length + (end < 0 ? rest.length : end)));
}

const page = async (url: string) => {
  const response = await app.inject({ method: 'GET', url });
  return { status: response.statusCode, html: response.body };
};

beforeAll(async () => {
  ({ app, db } = await testApp({ searchIndex: true }));
  const send = await writer(app, db);
  await saveEditionSource(db, editionSource('2026-05'));
  await saveEditionSource(db, editionSource('2026-08'));
  const patch = async (path: string, body: object) => {
    const etag = (await app.inject({ method: 'GET', url: path })).headers.etag as string;
    const response = await send('PATCH', path, body, { 'if-match': etag });
    expect(response.statusCode, response.body).toBe(200);
  };
  // A record of the stock supports only the establishment it identifies: the SIRET is stated with the band.
  await patch('/v1/sites/keyyo-abbeville', {
    siret: '80123456700015',
    tranche_effectifs: '03',
    annee_effectifs: 2024,
    citations: [
      {
        source: 'insee-sirene-stock-2026-05',
        quote: bandQuote,
        fields: ['siret', 'tranche_effectifs', 'annee_effectifs'],
      },
    ],
  });
  // The August stock cites a fact too: the home page lists only the sources a shown fact comes from.
  await patch('/v1/sites/mediametrie-amiens', {
    siret: '80123456700023',
    tranche_effectifs: '11',
    annee_effectifs: 2025,
    citations: [
      {
        source: 'insee-sirene-stock-2026-08',
        quote: 'SIRET 80123456700023 ; trancheEffectifsEtablissement=« 11 » ; anneeEffectifsEtablissement=« 2025 »',
        fields: ['siret', 'tranche_effectifs', 'annee_effectifs'],
      },
    ],
  });
  await patch('/v1/mandataires/rousselet', {
    profession: 'mandataire_judiciaire',
    citations: [{ source: may2020, quote: 'les mandataires judiciaires croulent sous les appels', fields: [] }],
  });
  await app.directorySearch.indexer.runOnce();
});

describe('a source is dated as precisely as it is published', () => {
  it('home: data sets apart from press articles, by month, « stock d’août »', async () => {
    const { html } = await page('/');
    const articles = section(html, '<h3 id="articles">');
    const data = section(html, '<h3 id="donnees">');
    expect(data).toContain(
      'Base Sirene des entreprises et de leurs établissements (SIREN, SIRET), stock d’août 2026, INSEE, août 2026',
    );
    expect(data).toContain(
      'Base Sirene des entreprises et de leurs établissements (SIREN, SIRET), stock de mai 2026, INSEE, mai 2026',
    );
    expect(articles).toContain('Les articles de presse');
    expect(articles).not.toContain('INSEE');
    // A press article printed with its day keeps it.
    expect(articles).toContain(
      'Fin de partie pour le centre d’appels IPG dans le Nord, filiale de Koramic, à Paris les affaires continuent, ' +
        'Magazine En-Contact, 26 avril 2017',
    );
    expect(text(html)).not.toMatch(/\b1(er)? (mai|août) 2026/);
  });

  it('the source page and every citation of a Sirene stock say « mai 2026 »', async () => {
    const source = await page('/sources/insee-sirene-stock-2026-05');
    expect(text(source.html)).toContain('Date de publication mai 2026');
    const site = await page('/sites/keyyo-abbeville');
    expect(text(site.html)).toContain(`« ${bandQuote} » Base Sirene`);
    expect(text(site.html)).toContain('stock de mai 2026, INSEE, mai 2026');
    expect(text(site.html)).not.toMatch(/\b1(er)? mai 2026/);
  });
});

describe('a site’s Sirene headcount band is a dated figure beside the articles’', () => {
  it('is in the API’s headcounts, with its range, year and Sirene citation; the separate fields stay', async () => {
    const { body } = await getJson(app, '/v1/sites/keyyo-abbeville');
    expect(body.headcounts).toEqual([
      {
        kind: 'tranche_effectifs',
        tranche_effectifs: '03',
        effectifs_min: 6,
        effectifs_max: 9,
        as_of: '2024',
        source_id: 'insee-sirene-stock-2026-05',
        quote: bandQuote,
      },
      {
        id: expect.any(Number),
        kind: 'jobs_created',
        value: 11,
        as_of: null,
        note: null,
        source_id: 'a-contre-courant-centres-appels-rapatries',
        quote: 'en créant 11 emplois nouveaux',
      },
    ]);
    expect(body).toMatchObject({ tranche_effectifs: '03', effectifs_min: 6, effectifs_max: 9, annee_effectifs: 2024 });
  });

  it('is in the page’s timeline, and the band’s code is shown with its range', async () => {
    const { html } = await page('/sites/keyyo-abbeville');
    const timeline = section(html, '<h2 id="effectifs">');
    expect(timeline).toMatch(
      /^Effectifs dans le temps 2024 6 à 9 salariés \(tranche d’effectifs 03 du répertoire Sirene\)/,
    );
    expect(timeline).toContain('date non précisée 11 emplois créés');
    expect(text(html)).toContain('Tranche d’effectifs (code Sirene) 03 : 6 à 9 salariés');
    expect(section(html, '<h2 id="historique">')).toContain(
      'Tranche d’effectifs (code Sirene) : ∅ → 03 : 6 à 9 salariés',
    );
  });
});

describe('no raw identifier on the page', () => {
  it('has a French word for every parameter and facet of a results page (one table)', () => {
    const filters = directoryFilters(app);
    const names = [
      ...['q', 'sort', 'page', 'limit', 'facets'],
      ...filters.flatMap((f) => [f.name, ...Object.keys(f.declaration.alongside ?? {})]),
      ...facetNames,
    ];
    expect(names.filter((n) => !hasLabel.parameter(n))).toEqual([]);
  });

  it('names the active filters in French, a mandataire by name', async () => {
    const { status, html } = await page('/recherche?tribunal=rouen&opened_from=2025&role=liquidateur');
    expect(status).toBe(200);
    expect(section(html, '<h2 id="filtres-actifs">')).toBe(
      'Filtres actifs Rôle dans une procédure : liquidateur ✕ Tribunal : rouen ✕ Procédure ouverte à partir de : 2025 ✕',
    );
    const named = await page('/recherche?mandataire=helene-bourbouloux&opened_to=2024-03');
    expect(section(named.html, '<h2 id="filtres-actifs">')).toBe(
      'Filtres actifs Mandataire : Hélène Bourbouloux ✕ Procédure ouverte jusqu’à : mars 2024 ✕',
    );
  });

  it('names the filters of an Atom feed in French, each value by its word', async () => {
    const { status, html } = await page('/recherche.atom?status=open,planned&mandataire=helene-bourbouloux');
    expect(status).toBe(200);
    expect(/<title[^>]*>([^<]*)<\/title>/.exec(html)?.[1]).toBe(
      'Plateau : Statut : ouvert, Statut : en projet, Mandataire : Hélène Bourbouloux',
    );
  });

  it('shows the history of a vocabulary value by its word', async () => {
    const { html } = await page('/mandataires/rousselet');
    expect(section(html, '<h2 id="historique">')).toContain('Profession : ∅ → mandataire judiciaire');
  });

  it.each<[string, string | string[]]>([
    ['near=49.9,2.3', 'Rayon (km) : à donner avec « Autour du point (latitude, longitude) »'],
    ['radius_km=5', 'Autour du point (latitude, longitude) : à donner avec « Rayon (km) »'],
    ['near=49.9,2.3&radius_km=0', 'Rayon (km) : un nombre de kilomètres plus grand que 0 et d’au plus 1 000'],
    [
      'opened_from=2025-13',
      'Procédure ouverte à partir de : une année, un mois ou un jour : AAAA, AAAA-MM ou AAAA-MM-JJ (2024, 2024-03, 2024-03-15)',
    ],
    [
      'opened_from=2025&opened_to=2020',
      [
        'Procédure ouverte à partir de : ne peut pas être après « Procédure ouverte jusqu’à » (2020)',
        'Procédure ouverte jusqu’à : ne peut pas être avant « Procédure ouverte à partir de » (2025)',
      ],
    ],
    ['tranche_effectifs=99', 'Tranche d’effectifs : un code de tranche d’effectifs de Sirene (NN, 00, 01… 53)'],
    ['mandataire=personne', 'Mandataire : « personne » est inconnu de l’annuaire'],
    ['colour=blue', 'colour : paramètre inconnu de cette page'],
  ])('the 400 page of %s says it in French', async (query, detail) => {
    const { status, html } = await page(`/recherche?${query}`);
    expect(status).toBe(400);
    const listed = [...html.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => text(m[1]!));
    expect(listed).toEqual(Array.isArray(detail) ? detail : [detail]);
  });
});

describe('the 400 page says every refusal in French', () => {
  /** The items of a 400 page's list of refused parameters, as read. */
  const refusals = (html: string) => [...html.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => text(m[1]!));

  it.each<[string, string | string[]]>([
    ['departement=99', 'Département : « 99 » est inconnu de l’annuaire'],
    ['departement=2a', 'Département : « 2a » est inconnu de l’annuaire'],
    ['country=UK', 'Pays : « UK » n’est pas un code de pays ISO 3166-1 alpha-2 (comme FR, BE, MA)'],
    [
      'sort=foo',
      'Tri : « foo » n’est pas une valeur possible ; valeurs possibles : Nom (A → Z), Nom (Z → A), ' +
        'Mises à jour anciennes, Mises à jour récentes, Distance (les plus proches d’abord), ' +
        'Distance (les plus éloignés d’abord)',
    ],
    [
      'facets=foo',
      'Comptages : « foo » ne peut pas être compté ; comptages possibles : Type de fiche, Catégorie, Statut, ' +
        'Opérateur, Région, Département, Pays, Ancienne région, Activité (code NAF), Tranche d’effectifs, ' +
        'Rôle dans une procédure, Mandataire, Tribunal',
    ],
    ['q=a&q=b', 'Recherche : à donner une seule fois'],
    // A filter, or a value, of another kind than those searched (verify51 fault 02: « valeur refusée »).
    [
      'kind=proceeding&near=45.75,4.85&radius_km=3',
      'Autour du point (latitude, longitude) : ne s’applique pas aux fiches de procédure, seulement aux fiches de site',
    ],
    [
      'kind=operator&tranche_effectifs=NN',
      'Tranche d’effectifs : ne s’applique pas aux fiches d’opérateur, seulement aux fiches de site',
    ],
    [
      'kind=proceeding&status=relocated',
      'Statut : « relocalisé » ne s’applique pas aux fiches de procédure ; valeurs possibles : ouvert, fermé',
    ],
    // Not percent-encoded UTF-8 (verify30, doubt of fault 06): refused, not searched for as written, naming which
    // fault it is, as the path's 400 page does (percentFault): a broken escape, or bytes that are no UTF-8.
    ...(
      [
        ['q=%C3%28', '%C3%28'],
        ['q=%FF', '%FF'],
        ['q=%E9', '%E9'],
        ['q=%ED%A0%80', '%ED%A0%80'],
      ] as const
    ).map(
      ([query, bytes]) =>
        [
          query,
          `Recherche : mal écrit dans l’adresse : les octets ${bytes} n’y forment pas un texte UTF-8 (un lien écrit ` +
            'dans un autre encodage ?)',
        ] as [string, string],
    ),
    [
      'q=%zz',
      'Recherche : mal écrit dans l’adresse : « %zz » : un « % » doit y être suivi de deux chiffres hexadécimaux',
    ],
    [
      'q=100%',
      'Recherche : mal écrit dans l’adresse : « % » : un « % » doit y être suivi de deux chiffres hexadécimaux',
    ],
    [
      'region=%E9',
      'Région : mal écrit dans l’adresse : les octets %E9 n’y forment pas un texte UTF-8 (un lien écrit dans un autre ' +
        'encodage ?)',
    ],
  ])('%s', async (query, detail) => {
    const { status, html } = await page(`/recherche?${query}`);
    expect(status).toBe(400);
    expect(refusals(html)).toEqual(Array.isArray(detail) ? detail : [detail]);
  });

  it('walks every parameter the page takes with bad values: no English word, no API message reaches the page', async () => {
    const filters = directoryFilters(app);
    const names = [
      ...['q', 'sort', 'page', 'limit', 'facets'],
      ...filters.flatMap((f) => [f.name, ...Object.keys(f.declaration.alongside ?? {})]),
    ];
    const bad = ['foo', '99', '2a', 'UK', '-1', '0', '2025-13', 'a,b', 'x'.repeat(600), 'a\u0000b', 'é'];
    const words =
      /\b(is|not|one|of|unknown|must|be|the|with|given|required|valid|characters|long|needs|takes|such|an|and|from|to|at|most|list|narrow|instead|entries|search|value|values|invalid)\b/;
    const refused = new Set<string>();
    const wrong: string[] = [];
    for (const name of names) {
      for (const value of bad) {
        const query = `${name}=${encodeURIComponent(value)}`;
        const { status, html } = await page(`/recherche?${query}`);
        if (status !== 400) continue;
        refused.add(name);
        const api = await getJson(app, `/v1/search?${query}`);
        const items = refusals(html);
        const messages: string[] = (api.body.errors ?? []).map((e: { message: string }) => e.message);
        for (const item of items) {
          const english = words.test(item.replace(/«[^»]*»/g, ''));
          if (english || item.includes('valeur refusée') || messages.some((m) => item.includes(m))) {
            wrong.push(`${query} → ${item}`);
          }
        }
      }
    }
    // Each filter beside each kind: a filter of another kind than those searched is refused in French too.
    for (const kind of ['site', 'operator', 'club', 'mandataire', 'proceeding']) {
      for (const name of names) {
        for (const value of ['1', 'foo']) {
          const query = `kind=${kind}&${name}=${value}`;
          const { status, html } = await page(`/recherche?${query}`);
          if (status !== 400) continue;
          const api = await getJson(app, `/v1/search?${query}`);
          const messages: string[] = (api.body.errors ?? []).map((e: { message: string }) => e.message);
          for (const item of refusals(html)) {
            const english = words.test(item.replace(/«[^»]*»/g, ''));
            if (english || item.includes('valeur refusée') || messages.some((m) => item.includes(m))) {
              wrong.push(`${query} → ${item}`);
            }
          }
        }
      }
    }
    expect([...new Set(wrong)]).toEqual([]);
    // Every parameter can be refused (a value too long, a NUL, a bad code, a list where one value goes).
    expect(names.filter((n) => !refused.has(n))).toEqual([]);
  });
});
