// The page of a source (/sources/{id}): the article's details and the first facts of the directory quoted from it
// (modules/sources `getSource`: at most 20, with how many there are and the list of all of them), grouped by entry;
// and the page of all of them (/sources/{id}/citations), page by page, as its JSON list gives them.
import { type CitedBy, citedByUrl, type getSource, type listSourceCitations } from '../modules/sources/queries.js';
import type { PageKind } from './entry.js';
import { CursorPagination, ExternalLink, Layout, type SourceRef, sourceDate } from './html.js';
import { attributeLabel, factLabel, kindLabel } from './labels.js';

/** A source as modules/sources/queries.ts `getSource` reads it, with what cites it. */
export type SourceDetail = NonNullable<Awaited<ReturnType<typeof getSource>>>;

/** The page of every citation of source `id`, page by page (`SourceCitationsPage`). */
export const citationsPagePath = (id: string) => `/sources/${encodeURIComponent(id)}/citations`;

/** A page of what cites a source, as modules/sources/queries.ts `listSourceCitations` reads it. */
export type CitationsPage = NonNullable<Awaited<ReturnType<typeof listSourceCitations>>>;

export function SourcePage(props: { source: SourceDetail; kinds: readonly PageKind[] }) {
  const { source } = props;
  const details: [string, string | null][] = [
    ['outlet', source.outlet],
    ['author', source.author],
    ['published_on', sourceDate(source)],
    ['notes', source.notes],
  ];
  return (
    <Layout title={source.title}>
      <p class="kind-line">
        <span class="badge badge-source">Source</span>
      </p>
      <h1>{source.title}</h1>
      <dl class="attributes">
        {details
          .filter(([, v]) => v)
          .map(([key, value]) => (
            <div class="attribute" key={key}>
              <dt>{attributeLabel(key)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        {source.url ? (
          <div class="attribute">
            <dt>{attributeLabel('url')}</dt>
            <dd>
              <ExternalLink href={source.url}>{source.url}</ExternalLink>
            </dd>
          </div>
        ) : null}
      </dl>
      <p class="json-link">
        <a href={`/v1/sources/${encodeURIComponent(source.id)}`} type="application/json">
          Données de la source (JSON)
        </a>
      </p>
      <section aria-labelledby="faits">
        <h2 id="faits">Ce que l’annuaire en cite ({source.cited_by_total.toLocaleString('fr-FR')} citations)</h2>
        {source.cited_by_total > source.cited_by.length ? (
          <p class="more">
            Fiche limitée à {source.cited_by.length.toLocaleString('fr-FR')} citations sur{' '}
            {source.cited_by_total.toLocaleString('fr-FR')} (les plus récentes d’abord).{' '}
            <a href={citationsPagePath(source.id)}>
              Voir les {source.cited_by_total.toLocaleString('fr-FR')} citations
            </a>{' '}
            (
            <a href={source.cited_by_url} type="application/json">
              en JSON, page par page
            </a>
            )
          </p>
        ) : null}
        <CitedEntries cited={source.cited_by} kinds={props.kinds} />
      </section>
    </Layout>
  );
}

/** What cites a source, grouped by entry: each entry where its first row comes, with every row of it. */
function CitedEntries(props: { cited: CitedBy[]; kinds: readonly PageKind[] }) {
  const groups = new Map<string, CitedBy[]>();
  for (const c of props.cited) {
    const key = `${c.subject_kind}:${c.subject_id}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return (
    <>
      {[...groups.values()].map((facts) => {
        const first = facts[0]!;
        const kind = props.kinds.find((k) => k.name === first.subject_kind);
        return (
          <article class="cited-entry" key={`${first.subject_kind}:${first.subject_id}`}>
            <h3>
              <span class={`badge badge-${first.subject_kind}`}>{kindLabel(first.subject_kind)}</span>{' '}
              {kind ? (
                <a href={`/${kind.plural}/${encodeURIComponent(first.subject_id)}`}>{first.subject_name}</a>
              ) : (
                first.subject_name
              )}
            </h3>
            <ul class="citations">
              {facts.map((f, i) => (
                <li key={i}>
                  <blockquote>{`« ${f.quote} »`}</blockquote>
                  <p class="fields">
                    {f.fact
                      ? factLabel(f.fact)
                      : f.fields.length
                        ? `Étaye : ${f.fields.map(attributeLabel).join(', ')}`
                        : 'Étaye la fiche'}
                  </p>
                </li>
              ))}
            </ul>
          </article>
        );
      })}
    </>
  );
}

/**
 * The page of every citation of a source (/sources/{id}/citations), in the order of its JSON list
 * (/v1/sources/{id}/citations, `citedBy`): `page`, one page of it, read at `cursor` (none: the first); links to the
 * next page and back to the first, to the source's page and to the JSON list.
 */
export function SourceCitationsPage(props: {
  source: SourceRef;
  page: CitationsPage;
  cursor: string | undefined;
  /** The `limit` of the address, kept in the links to the next pages. */
  limit: string | undefined;
  kinds: readonly PageKind[];
}) {
  const { source, page } = props;
  const total = page.total.toLocaleString('fr-FR');
  return (
    <Layout title={`Citations de ${source.title}`}>
      <p class="kind-line">
        <span class="badge badge-source">Source</span>
      </p>
      <h1>Toutes les citations de « {source.title} »</h1>
      <p>
        <a href={`/sources/${encodeURIComponent(source.id)}`}>Retour à la source</a>
      </p>
      <p class="json-link">
        <a href={citedByUrl(source.id)} type="application/json">
          Ces citations en JSON (page par page)
        </a>
      </p>
      <section aria-labelledby="citations">
        <h2 id="citations">
          {total} citation{page.total > 1 ? 's' : ''}
        </h2>
        <p class="more">
          Les citations des fiches d’abord, les plus récentes en tête, puis les faits sourcés (effectifs, rôles,
          clients, adhésions, mandats) ; {page.data.length.toLocaleString('fr-FR')} sur cette page.
        </p>
        <CitedEntries cited={page.data} kinds={props.kinds} />
        <CursorPagination
          label="Pages de citations"
          firstText="← Début de la liste"
          path={citationsPagePath(source.id)}
          limit={props.limit}
          cursor={props.cursor}
          nextCursor={page.next_cursor}
        />
      </section>
    </Layout>
  );
}
