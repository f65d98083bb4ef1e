// What every page shares: the layout (lang="fr", header with the search box,
// footer), how a page is sent (doctype, its Content-Security-Policy, no cache
// for data that changes), and the small pieces several pages show (dates,
// external links, a citation). preact-render-to-string escapes every text and
// attribute value; nothing here writes raw HTML.
import type { FastifyReply } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { frenchDate, frenchMonths, withFrenchDay } from '../domain/french-months.js';
import { pageContentSecurityPolicy } from '../plugins/security-headers.js';
import { highlightPieces } from '../search/highlights.js';

/** Where the page's own CSS and script are served (public/, by @fastify/static). */
export const assetsPrefix = '/assets/';

/** Sends a page: the doctype and the rendered tree, as HTML with the page's Content-Security-Policy. */
export function sendPage(reply: FastifyReply, status: number, page: VNode) {
  return reply
    .code(status)
    .header('content-security-policy', pageContentSecurityPolicy)
    .header('cache-control', 'no-cache')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${renderToString(page)}`);
}

/** The layout of every page. `searchBox: false` leaves the header's search out (the home page has its own). */
export function Layout(props: {
  title: string;
  children: ComponentChildren;
  q?: string;
  searchBox?: boolean;
  head?: ComponentChildren;
}) {
  return (
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Plateau`}</title>
        <link rel="icon" href={`${assetsPrefix}favicon.svg`} type="image/svg+xml" />
        <link rel="stylesheet" href={`${assetsPrefix}plateau.css`} />
        {props.head}
        <script src={`${assetsPrefix}plateau.js`} defer />
      </head>
      <body>
        <a class="skip" href="#contenu">
          Aller au contenu
        </a>
        <header class="site-header">
          <a class="brand" href="/">
            Plateau
          </a>
          {props.searchBox === false ? null : <SearchForm id="q-entete" q={props.q} label="Rechercher dans Plateau" />}
        </header>
        <main id="contenu" tabIndex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <p>
            Plateau, l’annuaire des centres de relation client, de leurs opérateurs, des clubs régionaux et des
            mandataires judiciaires. Chaque fait porte sa source. <a href="/docs">API et documentation</a> ·{' '}
            <a href="/v1/sources">Sources (JSON)</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

/** The search box: a GET form to /recherche with its input named `q`. */
export function SearchForm(props: { id: string; q?: string; label: string; large?: boolean }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a form with role="search" is the landmark every reader knows; <search> is recent.
    <form role="search" action="/recherche" method="get" class={props.large ? 'search search-large' : 'search'}>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="search"
        name="q"
        value={props.q ?? ''}
        maxLength={500}
        autocomplete="off"
        placeholder="Nom, commune, SIREN, procédure…"
      />
      <button type="submit">Rechercher</button>
    </form>
  );
}

const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

/** An instant (ISO 8601 or Date) in French, Paris time: `29 novembre 2026 à 17:46`, `1er décembre 2026 à 03:40`. */
export function frenchDateTime(at: string | Date): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  return Number.isNaN(date.getTime()) ? String(at) : withFrenchDay(dateTimeFormat, date);
}

/** A URL that may be followed: http(s) only, so that a `javascript:` value from the data is never a link. */
export function safeUrl(value: string): string | null {
  if (/^https?:\/\/[^\s]+$/i.test(value)) return value;
  // A bare domain as sources print it (`cnajmj.fr`).
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(\/[^\s]*)?$/i.test(value)) return `https://${value}`;
  return null;
}

/** A link out of Plateau: it opens without giving the other site a handle on this one. */
export function ExternalLink(props: { href: string; children: ComponentChildren }) {
  const href = safeUrl(props.href);
  if (!href) return <span>{props.children}</span>;
  return (
    <a href={href} rel="noopener noreferrer" class="external">
      {props.children}
    </a>
  );
}

/** A source as citations show it: its id, title, outlet, date (and how it is printed), address, publisher, licence. */
export interface SourceRef {
  id: string;
  title: string;
  outlet: string | null;
  url: string | null;
  published_on: string | null;
  published_as_printed: string | null;
  publisher: string | null;
  licence: string | null;
}

const monthNames = frenchMonths.join('|');
/** A printed date naming its day: « 26 avril 2017 à 12:59 », « 1er mai 2026 », « 26/04/2017 », « 2017-04-26 ». */
const printedDay = new RegExp(
  `\\b\\d{1,2}(er)?\\s+(${monthNames})|\\b\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}`,
  'iu',
);
/** A printed date naming its month (« mai 2026 », « 2026-05 »). */
const printedMonth = new RegExp(`(${monthNames})|^\\d{4}-\\d{2}$|^\\d{1,2}/\\d{4}$`, 'iu');

/**
 * A source's date as precise as the source gives it, in French: a day only when its printed date names one. A
 * monthly data set (a Sirene stock: `published_on` 2026-05-01, printed « mai 2026 ») is « mai 2026 », never an
 * invented « 1er mai 2026 »; a printed year alone gives the year. Without a printed date, `published_on` as it is;
 * without `published_on`, the printed date; null when the source has neither.
 */
export function sourceDate(source: Pick<SourceRef, 'published_on' | 'published_as_printed'>): string | null {
  const { published_on: on, published_as_printed: printed } = source;
  if (!on) return printed;
  if (!printed || printedDay.test(printed)) return frenchDate(on);
  if (printedMonth.test(printed)) return frenchDate(on.slice(0, 7));
  return /^\s*\d{4}\s*$/.test(printed) ? frenchDate(on.slice(0, 4)) : frenchDate(on);
}

/** « Titre, Outlet, mai 2026 »: a source as a citation names it. */
export function sourceLine(source: SourceRef): string {
  const date = sourceDate(source);
  return `${source.title}${source.outlet ? `, ${source.outlet}` : ''}${date ? `, ${date}` : ''}`;
}

/** A quote with its source: the verbatim text, the article's title (to its page), outlet, date, link. */
export function Quote(props: { quote: string; source: SourceRef | undefined; sourceId: string }) {
  const { source } = props;
  return (
    <figure class="quote">
      <blockquote>{`« ${props.quote} »`}</blockquote>
      <figcaption>
        <a href={`/sources/${encodeURIComponent(props.sourceId)}`}>{source?.title ?? props.sourceId}</a>
        {source?.outlet ? `, ${source.outlet}` : ''}
        {source && sourceDate(source) ? `, ${sourceDate(source)}` : ''}
        {source?.url && safeUrl(source.url) ? (
          <>
            {' · '}
            <ExternalLink href={source.url}>consulter la source</ExternalLink>
          </>
        ) : null}
      </figcaption>
    </figure>
  );
}

/**
 * A search highlight as the search service gives it (the matched words between the engine's private marks,
 * src/search/highlights.ts): every piece rendered as text, the matched ones in <mark>.
 */
export function Highlighted(props: { text: string }) {
  const parts: ComponentChildren[] = highlightPieces(props.text).map((p, i) =>
    p.matched ? <mark key={i}>{p.text}</mark> : p.text,
  );
  return <>{parts}</>;
}

/**
 * The links between the pages of a list read by cursor (a source's citations, an entry's history): back to the first
 * page (`firstText`) when on a later one, « Suivantes → » when `nextCursor`; nothing on a list of one page. Links are
 * `path` with the address's own `limit` (kept) and the `cursor`.
 */
export function CursorPagination(props: {
  label: string;
  firstText: string;
  path: string;
  limit: string | undefined;
  cursor: string | undefined;
  nextCursor: string | null;
}) {
  if (!props.nextCursor && !props.cursor) return null;
  const link = (cursor: string | null) => {
    const params = new URLSearchParams();
    if (props.limit) params.set('limit', props.limit);
    if (cursor) params.set('cursor', cursor);
    const search = params.toString();
    return search ? `${props.path}?${search}` : props.path;
  };
  return (
    <nav aria-label={props.label} class="pagination">
      <ul>
        {props.cursor ? (
          <li>
            <a href={link(null)} rel="first">
              {props.firstText}
            </a>
          </li>
        ) : null}
        {props.nextCursor ? (
          <li>
            <a href={link(props.nextCursor)} rel="next">
              Suivantes →
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
