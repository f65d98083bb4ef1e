// Error pages (404, 410, 400, 500, 503…): what went wrong in a sentence, and the
// way back to search.
import { Layout, SearchForm } from './html.js';

const titles: Record<number, string> = {
  400: 'Demande incorrecte',
  404: 'Page introuvable',
  410: 'Fiche supprimée',
  429: 'Trop de requêtes',
  500: 'Erreur du serveur',
  503: 'Service momentanément indisponible',
};

/** The title of an error page for a status. */
export const errorTitle = (status: number) => titles[status] ?? (status >= 500 ? titles[500]! : titles[400]!);

export function ErrorPage(props: {
  status: number;
  message: string;
  details?: string[];
  requestId?: string;
  /** Another title than the status's. */
  title?: string;
}) {
  const title = props.title ?? errorTitle(props.status);
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <p>{props.message}</p>
      {props.details?.length ? (
        <ul>
          {props.details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      ) : null}
      {props.requestId && props.status >= 500 ? (
        <p>
          Identifiant de la requête, à donner aux responsables du service : <code>{props.requestId}</code>
        </p>
      ) : null}
      <SearchForm id="q-erreur" label="Chercher dans l’annuaire" />
      <p>
        <a href="/">Revenir à l’accueil</a>
      </p>
    </Layout>
  );
}
