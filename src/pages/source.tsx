// The page of a source (/sources/{id}): the article's details and the first facts of the directory quoted from it
// (modules/sources `getSource`: at most 20, with how many there are and the list of all of them), grouped by entry.
import type { getSource } from '../modules/sources/queries.js';
import type { PageKind } from './entry.js';
import { ExternalLink, Layout, sourceDate } from './html.js';
import { attributeLabel, factLabel, kindLabel } from './labels.js';

/** A source as modules/sources/queries.ts `getSource` reads it, with what cites it. */
export type SourceDetail = NonNullable<Awaited<ReturnType<typeof getSource>>>;

export function SourcePage(props: { source: SourceDetail; kinds: readonly PageKind[] }) {
  const { source } = props;
  const groups = new Map<string, SourceDetail['cited_by']>();
  for (const c of source.cited_by) {
    const key = `${c.subject_kind}:${c.subject_id}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
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
            <a href={source.cited_by_url} type="application/json">
              Voir les {source.cited_by_total.toLocaleString('fr-FR')} citations (JSON, page par page)
            </a>
          </p>
        ) : null}
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
      </section>
    </Layout>
  );
}
