// The results page (/recherche): hits of every kind with their badge, the
// matched words highlighted and, around a point, their distance from it; facets
// as checkboxes with their counts, the active filters (each removable), sort,
// pages, the total, the degraded notice, and the CSV export and Atom feed of the
// same query.
import type { FilterParam } from '../listing/filter.js';
import type { SearchResults } from '../modules/search/run.js';
import { searchReach } from '../search/params.js';
import { Highlighted, Layout } from './html.js';
import { distanceLabel, filterValueLabel, kindLabel, parameterLabel, sortLabel } from './labels.js';
import { activeFilters, activeFilterText, pageFacets, type SearchState, urlWith, valuesOf } from './search-state.js';

/** Where the results, their CSV and their Atom feed are served. */
export const resultsPath = '/recherche';
export const resultsCsvPath = '/recherche.csv';
export const resultsFeedPath = '/recherche.atom';

const ownSorts = ['', 'name', '-name', '-updated_at', 'updated_at'].map((v): [string, string] => [v, sortLabel(v)]);
/** Offered when the search is around a point (`near`). */
const distanceSort: [string, string] = ['distance', sortLabel('distance')];

/** The hits' page path: `/sites/ipg-roubaix`, from the API link `/v1/sites/ipg-roubaix`. */
export const pageLink = (apiLink: string) => apiLink.replace(/^\/v1/, '');

export function ResultsPage(props: {
  state: SearchState;
  results: SearchResults;
  filters: readonly FilterParam[];
  /** The names of the active filters' values that are ids or codes, by `parameter=value`. */
  names: ReadonlyMap<string, string>;
}) {
  const { state, results, filters } = props;
  const { params } = state;
  const q = state.query.q ?? '';
  const withoutPage = params.filter(([n]) => n !== 'page');
  const facets = pageFacets(filters);
  const active = activeFilters(params, filters);
  const sorts = params.some(([n]) => n === 'near') ? [...ownSorts, distanceSort] : ownSorts;
  const lastPage = Math.max(
    1,
    Math.min(
      Math.ceil(Math.min(results.total, results.reachable) / results.limit),
      Math.floor(searchReach / results.limit),
    ),
  );
  // Fewer matches can be paged through than match (degraded, by relevance): said, with the sort that reaches them all.
  const cut = results.total >= results.reachable && results.reachable < searchReach;
  const title = q ? `« ${q} » : recherche` : 'Recherche';
  const feedUrl = urlWith(resultsFeedPath, withoutPage);
  const hidden = (except: string[]) =>
    withoutPage
      .filter(([n]) => !except.includes(n))
      .map(([n, v]) => <input type="hidden" name={n} value={v} key={n} />);

  return (
    <Layout
      title={title}
      q={q}
      head={<link rel="alternate" type="application/atom+xml" title="Suivre cette recherche (Atom)" href={feedUrl} />}
    >
      <h1>{q ? `Résultats pour « ${q} »` : 'Toutes les fiches'}</h1>
      <p class="total" role="status">
        {results.total === 0
          ? 'Aucun résultat.'
          : // Beyond the engine's reach the count is a lower bound, said as one.
            `${results.total_exact ? '' : 'plus de '}${results.total.toLocaleString('fr-FR')} ` +
            `résultat${results.total > 1 ? 's' : ''}` +
            (lastPage > 1 ? ` · page ${results.page} sur ${lastPage}` : '')}
      </p>
      {results.degraded ? (
        <p class="notice degraded">
          Recherche en mode dégradé : le moteur de recherche ne répond pas, ces résultats viennent directement de la
          base de données (sans surlignage, tolérance aux fautes réduite).
        </p>
      ) : null}
      {cut ? (
        <p class="notice degraded">
          Résultats coupés : seuls les {results.reachable.toLocaleString('fr-FR')} premiers par pertinence sont
          consultables (et exportés) en mode dégradé ; triez par nom pour les parcourir tous.
        </p>
      ) : null}
      <p class="actions">
        <a href={urlWith(resultsCsvPath, withoutPage)} download>
          Exporter ces résultats (CSV)
        </a>
        {' · '}
        <a href={feedUrl}>Suivre cette recherche (flux Atom)</a>
      </p>
      {active.length ? (
        <section aria-labelledby="filtres-actifs">
          <h2 id="filtres-actifs">Filtres actifs</h2>
          <ul class="active-filters">
            {active.map(({ filter, value, without }) => {
              const name = activeFilterText(props.names, filter, value);
              return (
                <li key={`${filter.name}=${value}`}>
                  <a href={urlWith(resultsPath, without)} aria-label={`Retirer le filtre ${name}`}>
                    {name} <span aria-hidden="true">✕</span>
                  </a>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      <div class="results-layout">
        <section class="hits" aria-labelledby="resultats">
          <h2 id="resultats" class="visually-hidden">
            Résultats
          </h2>
          <form method="get" action={resultsPath} class="sort-form">
            {hidden(['sort'])}
            <label for="tri">Trier par</label>
            <select id="tri" name="sort">
              {sorts.map(([value, label]) => (
                <option value={value} selected={(state.query.sort ?? '') === value} key={value}>
                  {label}
                </option>
              ))}
            </select>
            <button type="submit">Trier</button>
          </form>
          <ol class="hit-list" start={(results.page - 1) * results.limit + 1}>
            {results.data.map((hit) => {
              const extra = Object.entries(hit.highlights).filter(([field]) => field !== 'name');
              return (
                <li class="hit" key={`${hit.kind}:${hit.id}`}>
                  <span class={`badge badge-${hit.kind}`}>{kindLabel(hit.kind)}</span>{' '}
                  <a class="hit-name" href={pageLink(hit.link)}>
                    {hit.highlights.name ? <Highlighted text={hit.highlights.name} /> : hit.name}
                  </a>
                  {hit.label ? <p class="hit-label">{hit.label}</p> : null}
                  {typeof hit.distance_km === 'number' ? (
                    <p class="hit-label hit-distance">{distanceLabel(hit.distance_km, hit.coordinates_precision)}</p>
                  ) : null}
                  {extra.length ? (
                    <p class="hit-match">
                      <Highlighted text={extra[0]![1]} />
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ol>
          {results.data.length === 0 && results.total > 0 ? (
            <p class="notice" role="alert">
              Il n'y a pas de page {results.page} : ces résultats tiennent en {lastPage} page{lastPage > 1 ? 's' : ''}.{' '}
              <a href={urlWith(resultsPath, params, { page: lastPage === 1 ? null : String(lastPage) })}>
                Aller à la dernière page
              </a>
            </p>
          ) : null}
          {lastPage > 1 ? (
            <nav aria-label="Pages de résultats" class="pagination">
              <ul>
                {results.page > 1 ? (
                  <li>
                    <a href={urlWith(resultsPath, params, { page: String(results.page - 1) })} rel="prev">
                      ← Précédente
                    </a>
                  </li>
                ) : null}
                {pageNumbers(results.page, lastPage).map((n) => (
                  <li key={n}>
                    {n === results.page ? (
                      <span aria-current="page">{n}</span>
                    ) : (
                      <a href={urlWith(resultsPath, params, { page: n === 1 ? null : String(n) })}>{n}</a>
                    )}
                  </li>
                ))}
                {results.page < lastPage ? (
                  <li>
                    <a href={urlWith(resultsPath, params, { page: String(results.page + 1) })} rel="next">
                      Suivante →
                    </a>
                  </li>
                ) : null}
              </ul>
            </nav>
          ) : null}
        </section>
        <aside class="facets" aria-labelledby="affiner">
          <h2 id="affiner">Affiner</h2>
          <form method="get" action={resultsPath} class="facet-form">
            {hidden(facets.map((f) => f.filter))}
            {facets.map(({ facet, filter }) => {
              const counted =
                (results.facets as Record<string, { value: string; label?: string; count: number }[]>)[facet] ?? [];
              const chosen = valuesOf(params, filter);
              const held = counted.filter((v) => v.count > 0 || chosen.includes(v.value));
              // The most frequent values, and every chosen one: a facet of 500 operators would outweigh the page.
              const shown = held.filter((v, i) => i < facetValuesShown || chosen.includes(v.value));
              const more = held.length - shown.length;
              if (!shown.length) return null;
              return (
                <fieldset key={facet}>
                  <legend>{parameterLabel(facet)}</legend>
                  <ul>
                    {shown.map((v) => {
                      const id = `f-${facet}-${v.value}`.replace(/[^A-Za-z0-9_-]/g, '_');
                      return (
                        <li key={v.value}>
                          <input
                            type="checkbox"
                            id={id}
                            name={filter}
                            value={v.value}
                            checked={chosen.includes(v.value)}
                          />
                          <label for={id}>
                            {v.label ?? filterValueLabel(filter, v.value)}{' '}
                            <span class="count">({v.count.toLocaleString('fr-FR')})</span>
                          </label>
                        </li>
                      );
                    })}
                  </ul>
                  {more > 0 ? (
                    <p class="facet-more">
                      et {more.toLocaleString('fr-FR')} autres valeurs, moins fréquentes : précisez la recherche
                    </p>
                  ) : null}
                </fieldset>
              );
            })}
            <button type="submit">Appliquer les filtres</button>
          </form>
        </aside>
      </div>
    </Layout>
  );
}

/** Values of a facet the page shows at most (the most frequent first), besides those chosen. */
export const facetValuesShown = 30;

/** The page numbers a pagination shows: the first, the last and two either side of the current one. */
function pageNumbers(current: number, last: number): number[] {
  const shown = new Set([1, last]);
  for (let n = current - 2; n <= current + 2; n++) if (n >= 1 && n <= last) shown.add(n);
  return [...shown].sort((a, b) => a - b);
}
