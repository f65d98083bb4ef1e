// The results page writes its numbers in French (Intl.NumberFormat('fr-FR'): a decimal comma, thousands apart by a
// narrow no-break space) in the active filters and the 400 page, and its 400 page names every bad parameter at once,
// as the API's `errors` does (once only the first unknown one, so that a journalist was sent back once per mistake).
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { getJson, testApp } from '../setup/app.js';

let app: App;

beforeAll(async () => {
  ({ app } = await testApp({ searchIndex: true }));
});

/** The text of a page: scripts and styles out, each element's text on its line, entities read. */
async function pageText(url: string): Promise<{ status: number; lines: string[] }> {
  const response = await app.inject({ url });
  const text = response.body
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return { status: response.statusCode, lines };
}

/** A thousands separator as fr-FR writes it: U+202F. */
const t = '\u202f';

describe('numbers in French on the results page', () => {
  it('writes a point and a radius in French in the active filter', async () => {
    const { status, lines } = await pageText('/recherche?near=49.8941,2.2958&radius_km=12.5');
    expect(status).toBe(200);
    expect(lines).toContain('Autour du point (latitude, longitude) : 49,8941 ; 2,2958 — Rayon (km) : 12,5');
  });

  it.each([
    [
      '/recherche?near=49.8941,2.2958&radius_km=5000',
      `Rayon (km) : un nombre de kilomètres plus grand que 0 et d’au plus 1${t}000`,
    ],
    ['/recherche?page=0', `Page : un nombre entier de 1 à 5${t}000${t}000`],
    [
      '/recherche?q=a&limit=100&page=50001',
      `Page : les résultats s’arrêtent à 5${t}000${t}000 fiches (page × résultats par page) : précisez la recherche`,
    ],
    ['/recherche?near=91,2', 'Autour du point (latitude, longitude) : la latitude va de -90 à 90'],
  ])('%s: the 400 page says « %s »', async (url, said) => {
    const { status, lines } = await pageText(url);
    expect(status).toBe(400);
    expect(lines).toContain(said);
  });

  it('names every bad parameter at once, as the API does', async () => {
    const query = 'region=Atlantis&status=shut&colour=blue';
    const api = await getJson(app, `/v1/search?${query}`);
    expect(api.body.errors.map((e: { name: string }) => e.name).sort()).toEqual(['colour', 'region', 'status']);
    const { status, lines } = await pageText(`/recherche?${query}`);
    expect(status).toBe(400);
    const at = lines.indexOf('Un paramètre de l’adresse n’est pas valide.');
    expect(lines.slice(at + 1, at + 4)).toEqual([
      'Région : « Atlantis » est inconnu de l’annuaire',
      'Statut : « shut » n’est pas une valeur possible ; valeurs possibles : en projet, ouvert, fermé, relocalisé, actif, en sommeil, disparu, injoignable',
      'colour : paramètre inconnu de cette page',
    ]);
  });
});
