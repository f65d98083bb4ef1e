// The page of an entry's whole history (/<kind>/{id}/history), page by page as its JSON list
// (/v1/<kind>/{id}/history) gives it: oldest first, `limit` and `cursor`. An entry's page shows only its latest
// changes and links here.
import type { HistoryChange } from './data.js';
import { History, historyPagePath, type PageKind } from './entry.js';
import { CursorPagination, Layout, type SourceRef } from './html.js';
import { kindLabel } from './labels.js';

/**
 * The page of `page`, one page of the history of the entry `id` of `kind` named `name` (its latest name, or its id),
 * read at `cursor` (none: the first); links to the next page and back to the first, to the entry and to the JSON.
 * `limit` is the address's own, kept in the links.
 */
export function EntryHistoryPage(props: {
  kind: PageKind;
  id: string;
  name: string;
  page: { data: HistoryChange[]; total: number; next_cursor: string | null };
  cursor: string | undefined;
  limit: string | undefined;
  sources: ReadonlyMap<string, SourceRef>;
}) {
  const { kind, id, page } = props;
  const total = page.total.toLocaleString('fr-FR');
  return (
    <Layout title={`Historique de ${props.name} (${kindLabel(kind.name).toLowerCase()})`}>
      <p class="kind-line">
        <span class={`badge badge-${kind.name}`}>{kindLabel(kind.name)}</span>
      </p>
      <h1>Historique de « {props.name} »</h1>
      <p>
        <a href={`/${kind.plural}/${encodeURIComponent(id)}`}>Retour à la fiche</a>
      </p>
      <p class="json-link">
        <a href={`/v1/${kind.plural}/${encodeURIComponent(id)}/history`} type="application/json">
          Cet historique en JSON (page par page)
        </a>
      </p>
      <section aria-labelledby="historique">
        <h2 id="historique">
          {total} modification{page.total > 1 ? 's' : ''}
        </h2>
        <p class="more">Les plus anciennes en tête ; {page.data.length.toLocaleString('fr-FR')} sur cette page.</p>
        <History changes={page.data} oldestFirst context={{ sources: props.sources, kind }} />
        <CursorPagination
          label="Pages de l’historique"
          firstText="← Début de l’historique"
          path={historyPagePath(kind, id)}
          limit={props.limit}
          cursor={props.cursor}
          nextCursor={page.next_cursor}
        />
      </section>
    </Layout>
  );
}
