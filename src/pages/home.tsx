// The home page (/): the search box, example searches, how many entries of
// each kind the directory holds, and the sources it is built from.
import { Layout, SearchForm, type SourceRef, sourceDate } from './html.js';
import { kindLabel } from './labels.js';
import { resultsPath } from './results.js';

/** Searches that show what the search understands: a typo, the press's words, a former region, a spelling. */
const examples: [string, string][] = [
  ['teleperformence', 'une faute de frappe'],
  ['centre d’appels Picardie', 'le vocabulaire de la presse et une ancienne région'],
  ['redressement judiciaire', 'une procédure collective'],
  ['5 a sec', 'une autre graphie'],
];

/** Sources, each linked to its page, with its outlet and date (as precise as the source gives it). */
function SourceList(props: { sources: SourceRef[] }) {
  return (
    <ul class="sources">
      {props.sources.map((s) => {
        const date = sourceDate(s);
        return (
          <li key={s.id}>
            <a href={`/sources/${encodeURIComponent(s.id)}`}>{s.title}</a>
            {s.outlet ? `, ${s.outlet}` : ''}
            {date ? `, ${date}` : ''}
          </li>
        );
      })}
    </ul>
  );
}

/** The home page: `articles` are the newest press articles, `data` the newest public data sets (data.ts). */
export function HomePage(props: {
  counts: { kind: string; count: number }[];
  articles: SourceRef[];
  data: SourceRef[];
}) {
  return (
    <Layout title="Accueil" searchBox={false}>
      <h1>Plateau, l’annuaire sourcé de la relation client</h1>
      <p class="lead">
        Sites de centres d’appels, opérateurs, clubs régionaux, mandataires judiciaires et procédures collectives :
        chaque fait avec sa citation et l’article dont il vient.
      </p>
      <SearchForm id="q" label="Rechercher une entreprise, un site, une personne, une procédure" large />
      <section aria-labelledby="exemples">
        <h2 id="exemples">Exemples de recherches</h2>
        <ul class="examples">
          {examples.map(([q, what]) => (
            <li key={q}>
              <a href={`${resultsPath}?${new URLSearchParams({ q })}`}>{q}</a> <span class="hint">({what})</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="contenu-annuaire">
        <h2 id="contenu-annuaire">Ce que contient l’annuaire</h2>
        <ul class="counts">
          {props.counts.map(({ kind, count }) => (
            <li key={kind}>
              <a href={`${resultsPath}?kind=${kind}`}>
                <strong>{count.toLocaleString('fr-FR')}</strong> {kindLabel(kind, count > 1).toLowerCase()}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="sources">
        <h2 id="sources">Les sources</h2>
        {props.articles.length ? (
          <>
            <h3 id="articles">Les articles de presse</h3>
            <p>Les articles dont viennent les faits de l’annuaire, les plus récents d’abord :</p>
            <SourceList sources={props.articles} />
          </>
        ) : null}
        {props.data.length ? (
          <>
            <h3 id="donnees">Les données publiques</h3>
            <p>
              Les jeux de données publiques dont l’annuaire importe des faits (répertoire Sirene de l’INSEE, annonces du
              BODACC, relevés de l’annuaire des administrateurs et mandataires judiciaires…), les plus récents d’abord :
            </p>
            <SourceList sources={props.data} />
          </>
        ) : null}
      </section>
    </Layout>
  );
}
