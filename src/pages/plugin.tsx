// The web page for journalists, served by the same app as the API: the routes
// of the pages, the Atom feed and the CSV of a search, the page's own assets
// (public/, with cache headers), and errors answered as pages. Every route is
// hidden from the OpenAPI document: pages are not operations of the API. The
// pages call the API's own query functions in process (kinds' `readDetail`,
// `runSearch`, `getSource`, the history), never the API over HTTP.
import { Readable } from 'node:stream';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { withholdingKindNames } from '../db/withheld.js';
import { slugSchema, wholeNumber } from '../domain/fields.js';
import { historyLength, latestChanges, tombstoneOf, withoutWithheldData } from '../history/read.js';
import { readEntryHistory } from '../http/entries.js';
import { percentFault } from '../http/text.js';
import { csvLine } from '../listing/export.js';
import { givenPoint } from '../listing/near.js';
import { maxLimit, pageOnlyQuery } from '../listing/pagination.js';
import { checkFilterIds } from '../listing/query.js';
import { personKind } from '../modules/people/kind.js';
import { directoryFilters, runSearch, type SearchQuery } from '../modules/search/run.js';
import { searchQuery } from '../modules/search/schemas.js';
import { getSource, listSourceCitations } from '../modules/sources/queries.js';
import { publicFolder } from '../paths.js';
import { sendProblem, toAppError } from '../plugins/errors.js';
import { searchReach } from '../search/params.js';
import { changesOf, filterValueNames, newestSources, sourceIdsIn, sourcesByIds } from './data.js';
import { DeletedEntryPage, EntryPage, entryName, entryPageChanges, type PageKind } from './entry.js';
import { ErrorPage } from './errors.js';
import { feedChanges, searchFeed } from './feed.js';
import { frenchFieldError } from './field-errors.js';
import { EntryHistoryPage } from './history.js';
import { HomePage } from './home.js';
import { assetsPrefix, sendPage } from './html.js';
import { kindLabel } from './labels.js';
import { ResultsPage, resultsCsvPath, resultsFeedPath, resultsPath } from './results.js';
import { activeFilters, activeFilterText, readSearchState, urlWith } from './search-state.js';
import { SourceCitationsPage, SourcePage } from './source.js';

/** The address of the page of a source's citations: the JSON list's `limit` and `cursor`, 100 a page by default. */
const citationsQuery = pageOnlyQuery.extend({ limit: wholeNumber({ min: 1, max: maxLimit }).optional() });

/** Options of a page route: kept out of the OpenAPI document. */
/** A page's route: not in the OpenAPI document, answering HTML (another `Accept` is a 406: http/negotiation.ts). */
const hidden = { schema: { hide: true }, config: { produces: ['text/html'] } };
/** The results as a file: CSV, or the Atom feed. */
const resultsFile = (type: string) => ({ schema: { hide: true }, config: { produces: [type] } });

/**
 * The page answering an id that cannot be one (ids are slugs, domain/fields.ts), before PostgreSQL sees it: it would
 * refuse a NUL with an error, not an answer.
 */
function badIdPage(reply: FastifyReply) {
  return sendPage(
    reply,
    400,
    <ErrorPage
      status={400}
      message="Cet identifiant n’est pas valide : les identifiants sont faits de lettres minuscules, de chiffres et de tirets."
    />,
  );
}

/** The query string of a request, as given. */
const searchOf = (request: FastifyRequest) => {
  const at = request.url.indexOf('?');
  return at < 0 ? '' : request.url.slice(at + 1);
};

/**
 * Does this unknown URL get the HTML 404 page? Outside /v1, for a GET or HEAD whose client does not prefer JSON:
 * no Accept, `*\/*` or `text/html` get the page; `application/json` or `application/problem+json` (without
 * `text/html`) get problem+json, as the API answers.
 */
export function wantsPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '';
  if (path === '/v1' || path.startsWith('/v1/')) return false;
  const accept = String(request.headers.accept ?? '').toLowerCase();
  return accept.includes('text/html') || !/application\/(problem\+)?json/.test(accept);
}

/** The HTML 404 page of an unknown URL (given to the errors plugin as `notFoundPage`). */
export function notFoundPage(request: FastifyRequest, reply: FastifyReply): boolean {
  if (!wantsPage(request)) return false;
  void sendPage(
    reply,
    404,
    <ErrorPage status={404} message={`Aucune page ne se trouve à l’adresse ${request.url.split('?')[0]}.`} />,
  );
  return true;
}

/**
 * The HTML 400 page of a URL that cannot be read at all (`/%`, a broken percent-escape, escapes of bytes that are no
 * UTF-8: `/sites/%E9t%E9`), naming which (`percentFault`), raised before routing
 * (given to Fastify's `frameworkErrors` in app.ts); false when the client gets problem+json (`wantsPage`).
 */
export function badUrlPage(request: FastifyRequest, reply: FastifyReply): boolean {
  if (!wantsPage(request)) return false;
  // What is wrong, as it is: a broken escape (`%zz`), or escapes whose bytes are no UTF-8 (`%E9`, a Latin-1 link).
  const fault = percentFault(request.url);
  const message =
    fault && 'bytes' in fault
      ? `Cette adresse n’est pas valide : les octets ${fault.bytes} n’y forment pas un texte UTF-8 (un lien écrit dans un autre encodage ?).`
      : 'Cette adresse n’est pas valide : un caractère « % » doit y être suivi de deux chiffres hexadécimaux.';
  void sendPage(reply, 400, <ErrorPage status={400} message={message} requestId={request.id} />);
  return true;
}

/** How many hits the results' Atom feed holds, at most: the changes of the first 1,000, read into memory. */
const resultsFeedLimit = 1000;

/** Hits asked of the engine at a time for the results' CSV and feed. */
const filePage = 1000;

/**
 * Every hit of a search in its order, page after page of `filePage`, up to `upTo` (at most the engine's reach,
 * `searchReach`): the results' CSV streams them, so its memory stays flat whatever their number. Pages are read by
 * position: an entry indexed or removed while the file is written may move one across a page boundary.
 */
async function* hitsOf(
  app: FastifyInstance,
  filters: ReturnType<typeof directoryFilters>,
  query: SearchQuery,
  upTo = searchReach,
  seen: { cut?: { reachable: number; total: number } } = {},
) {
  for (let page = 1; ; page++) {
    const limit = Math.min(filePage, upTo);
    const results = await runSearch(app, filters, { ...query, facets: [], page, limit });
    // Fewer matches can be read than match (degraded, by relevance): the caller says the file is cut.
    if (results.total >= results.reachable && results.reachable < upTo) {
      seen.cut = { reachable: results.reachable, total: results.total };
    }
    yield* results.data;
    if (results.data.length < limit || page * limit >= Math.min(results.total, results.reachable, upTo)) return;
  }
}

/** The items of an async iterable, in an array (Node 20 has no `Array.fromAsync`). */
async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

export default async function pagesPlugin(app: FastifyInstance, options: { publicUrl?: string }) {
  /**
   * The base of permanent URLs and of the feed's ids: the configured public address (`PUBLIC_URL`), else the scheme
   * and host the request came by (a Host header the client chose: fine for a local run, not for a public one).
   */
  const baseUrlOf = (request: FastifyRequest) =>
    options.publicUrl ?? new URL(`${request.protocol}://${request.host}`).origin;
  const kinds: PageKind[] = app.kinds.map((k) => ({ name: k.name, plural: k.plural, filters: k.filters }));
  const filters = directoryFilters(app);
  const schema = searchQuery(filters);
  const db = () => app.database.db;
  const withholdingKinds = withholdingKindNames(app.kinds);

  await app.register(fastifyStatic, {
    root: publicFolder,
    prefix: assetsPrefix,
    // Assets change with a release: cached an hour, then revalidated with their ETag.
    cacheControl: true,
    maxAge: '1h',
    schemaHide: true,
  });

  // Errors of the pages are pages: the status, a sentence, the way back to search.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = toAppError(error, request);
    // A client that takes no HTML gets the problem as every other route gives it.
    if (problem.code === 'not_acceptable') return sendProblem(request, reply, problem);
    if (problem.status >= 500) request.log.error({ err: error }, 'page failed');
    reply.headers(problem.headers);
    const message =
      problem.status === 400
        ? 'Un paramètre de l’adresse n’est pas valide.'
        : problem.status === 404 || problem.status === 410
          ? problem.message
          : problem.status === 503
            ? 'Le service est momentanément indisponible ; réessayez dans quelques instants.'
            : 'Le serveur n’a pas pu répondre.';
    const details = problem.errors?.map(frenchFieldError);
    return sendPage(
      reply,
      problem.status,
      <ErrorPage status={problem.status} message={message} details={details} requestId={request.id} />,
    );
  });

  app.get('/', hidden, async (_request, reply) => {
    const [overview, articles, data] = await Promise.all([
      runSearch(app, filters, { q: '', facets: ['kind'], page: 1, limit: 1 } as SearchQuery),
      newestSources(db(), 50, 'articles', [...app.kinds, personKind]),
      newestSources(db(), 20, 'data', [...app.kinds, personKind]),
    ]);
    const byKind = new Map((overview.facets.kind ?? []).map((v) => [v.value, v.count]));
    const counts = kinds.map((k) => ({ kind: k.name, count: byKind.get(k.name) ?? 0 }));
    return sendPage(reply, 200, <HomePage counts={counts} articles={articles} data={data} />);
  });

  app.get(resultsPath, hidden, async (request, reply) => {
    const state = readSearchState(searchOf(request), filters, schema);
    // A saved URL naming a merged entry (`operator=op-f`) answers 308 to the same search of its survivor, as the
    // entry's own page does: the filter chips then name it.
    await checkFilterIds(db(), filters, state.query);
    const resolved = state.params.map(([name, value]): [string, string] => {
      const ids =
        filters.some((f) => f.name === name && f.ids.length) && (state.query as Record<string, unknown>)[name];
      return Array.isArray(ids) ? [name, ids.join(',')] : [name, value];
    });
    if (resolved.some(([, value], i) => value !== state.params[i]![1])) {
      return reply
        .code(308)
        .header('location', `${resultsPath}?${new URLSearchParams(resolved)}`)
        .send();
    }
    const [results, names] = await Promise.all([
      runSearch(app, filters, state.query),
      filterValueNames(db(), state.params, filters),
    ]);
    return sendPage(reply, 200, <ResultsPage state={state} results={results} filters={filters} names={names} />);
  });

  app.get(resultsCsvPath, resultsFile('text/csv'), async (request, reply) => {
    const state = readSearchState(searchOf(request), filters, schema);
    const base = baseUrlOf(request);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    // The first page is read before the answer starts, so that a refused filter is still a 400 page.
    const seen: { cut?: { reachable: number; total: number } } = {};
    const hits = hitsOf(app, filters, state.query, searchReach, seen);
    const first = await hits.next();
    // Cut (degraded, by relevance: verify47 01): said by the file's name and a header, the rows left as they are.
    if (seen.cut) {
      reply.header('plateau-results-cut', `${seen.cut.reachable} of ${seen.cut.total}+`);
    }
    const cutName = seen.cut ? `-coupe-${seen.cut.reachable}-sur-${seen.cut.total}` : '';
    // Around a point (`near`), each entry's distance from it as the page shows it (km, 0.01), and how precise the
    // entry's position is (a commune's centre is `approximate`: the page says « environ »).
    const around = givenPoint(state.query) !== undefined;
    const measured = around ? ['distance_km', 'coordinates_precision'] : [];
    async function* lines() {
      yield `\uFEFF${csvLine(['kind', 'id', 'name', 'label', 'url', ...measured])}`;
      for (let next = first; !next.done; next = await hits.next()) {
        const hit = next.value;
        const measures = around ? [hit.distance_km, hit.coordinates_precision] : [];
        yield csvLine([hit.kind, hit.id, hit.name, hit.label, `${base}${hit.link.replace(/^\/v1/, '')}`, ...measures]);
      }
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="plateau-recherche-${stamp}${cutName}.csv"`)
      .send(Readable.from(lines()));
  });

  app.get(resultsFeedPath, resultsFile('application/atom+xml'), async (request, reply) => {
    const state = readSearchState(searchOf(request), filters, schema);
    const [hits, filterNames] = await Promise.all([
      collect(hitsOf(app, filters, state.query, resultsFeedLimit)),
      filterValueNames(db(), state.params, filters),
    ]);
    const changes = await withoutWithheldData(db(), await changesOf(db(), hits, feedChanges), withholdingKinds);
    const sources = await sourcesByIds(db(), sourceIdsIn(changes.map((c) => c.citations)));
    const base = baseUrlOf(request);
    const params = state.params.filter(([n]) => n !== 'page' && n !== 'limit');
    const xml = searchFeed({
      baseUrl: base,
      selfUrl: `${base}${urlWith(resultsFeedPath, params)}`,
      pageUrl: `${base}${urlWith(resultsPath, params)}`,
      q: state.query.q ?? '',
      filters: activeFilters(params, filters).map(({ filter, value }) => activeFilterText(filterNames, filter, value)),
      changes,
      names: new Map(hits.map((h) => [`${h.kind}:${h.id}`, h.name])),
      kinds,
      sources,
    });
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'no-cache').send(xml);
  });

  /** The 410 page of a withheld entry: nothing of it is shown, not even its history (INSEE's rule, Sirene). */
  const withheldPage = (reply: FastifyReply, kind: PageKind, id: string) =>
    sendPage(
      reply,
      410,
      <ErrorPage
        status={410}
        title="Fiche retirée"
        message={
          `La fiche ${kindLabel(kind.name).toLowerCase()} « ${id} » est retirée : le répertoire Sirene de ` +
          'l’Insee indique qu’elle n’est pas diffusible.'
        }
      />,
    );
  /** The 404 page of an id no entry of `kind` ever had. */
  const unknownEntryPage = (reply: FastifyReply, kind: PageKind, id: string) =>
    sendPage(
      reply,
      404,
      <ErrorPage
        status={404}
        message={`Aucune fiche ${kindLabel(kind.name).toLowerCase()} n’a l’identifiant « ${id} ».`}
      />,
    );
  /** An entry's latest changes (at most entryPageChanges, oldest first), their number and their sources. */
  const latestHistory = async (kind: PageKind, id: string, cited: unknown[] = []) => {
    const [latest, total] = await Promise.all([
      latestChanges(db(), kind.name, id, entryPageChanges),
      historyLength(db(), kind.name, id),
    ]);
    const history = await withoutWithheldData(db(), latest, withholdingKinds);
    const sources = await sourcesByIds(db(), sourceIdsIn([...cited, history.map((c) => c.citations)]));
    return { history, total, sources };
  };

  for (const kind of app.kinds) {
    const pageKind = { name: kind.name, plural: kind.plural };
    app.get<{ Params: { id: string } }>(`/${kind.plural}/:id`, hidden, async (request, reply) => {
      const { id } = request.params;
      if (!slugSchema.safeParse(id).success) return badIdPage(reply);
      const entry = await kind.readDetail(db(), id);
      if (!entry) {
        const tombstone = await tombstoneOf(db(), kind.name, id);
        if (tombstone?.action === 'merge' && tombstone.merged_into) {
          return reply
            .code(308)
            .header('location', `/${kind.plural}/${encodeURIComponent(tombstone.merged_into)}`)
            .send();
        }
        if (tombstone?.action === 'withhold') return withheldPage(reply, pageKind, id);
        if (tombstone) {
          const { history, total, sources } = await latestHistory(pageKind, id);
          return sendPage(
            reply,
            410,
            <DeletedEntryPage
              kind={pageKind}
              id={id}
              at={tombstone.at}
              history={history}
              historyTotal={total}
              sources={sources}
            />,
          );
        }
        return unknownEntryPage(reply, pageKind, id);
      }
      const { history, total, sources } = await latestHistory(pageKind, id, [entry]);
      return sendPage(
        reply,
        200,
        <EntryPage
          kinds={kinds}
          kind={pageKind}
          entry={entry}
          sources={sources}
          history={history}
          historyTotal={total}
          baseUrl={baseUrlOf(request)}
          today={new Date()}
        />,
      );
    });

    // The whole history of an entry (deleted or merged too), page by page as /v1/<kind>/{id}/history gives it.
    app.get<{ Params: { id: string }; Querystring: z.output<typeof citationsQuery> }>(
      `/${kind.plural}/:id/history`,
      { schema: { hide: true, querystring: citationsQuery }, config: hidden.config },
      async (request, reply) => {
        const { id } = request.params;
        if (!slugSchema.safeParse(id).success) return badIdPage(reply);
        const { limit, cursor } = request.query;
        const page = await readEntryHistory(
          db(),
          pageKind,
          id,
          { limit: limit ?? maxLimit, cursor },
          withholdingKinds,
        ).catch((error: unknown) => {
          const status = toAppError(error as FastifyError).status;
          if (status === 404 || status === 410) return status;
          throw error;
        });
        if (page === 404) return unknownEntryPage(reply, pageKind, id);
        if (page === 410) return withheldPage(reply, pageKind, id);
        const [sources, [latest]] = await Promise.all([
          sourcesByIds(db(), sourceIdsIn(page.data.map((c) => c.citations))),
          latestChanges(db(), kind.name, id, 1),
        ]);
        const snapshot = latest?.after ?? latest?.before;
        return sendPage(
          reply,
          200,
          <EntryHistoryPage
            kind={pageKind}
            id={id}
            name={snapshot ? entryName(snapshot) : id}
            page={page}
            cursor={cursor}
            limit={limit === undefined ? undefined : String(limit)}
            sources={sources}
          />,
        );
      },
    );
  }

  app.get<{ Params: { id: string } }>('/sources/:id', hidden, async (request, reply) => {
    if (!slugSchema.safeParse(request.params.id).success) return badIdPage(reply);
    const source = await getSource(db(), request.params.id, [...app.kinds, personKind]);
    if (!source) {
      return sendPage(
        reply,
        404,
        <ErrorPage status={404} message={`Aucune source n’a l’identifiant « ${request.params.id} ».`} />,
      );
    }
    return sendPage(reply, 200, <SourcePage source={source} kinds={kinds} />);
  });

  // Every citation of a source, 100 a page unless `limit` says otherwise; a bad limit or cursor is the 400 page.
  app.get<{ Params: { id: string }; Querystring: z.output<typeof citationsQuery> }>(
    '/sources/:id/citations',
    { schema: { hide: true, querystring: citationsQuery }, config: hidden.config },
    async (request, reply) => {
      const { id } = request.params;
      if (!slugSchema.safeParse(id).success) return badIdPage(reply);
      const { limit, cursor } = request.query;
      const [page, sources] = await Promise.all([
        listSourceCitations(db(), id, [...app.kinds, personKind], { limit: limit ?? maxLimit, cursor }),
        sourcesByIds(db(), [id]),
      ]);
      const source = sources.get(id);
      if (!page || !source) {
        return sendPage(reply, 404, <ErrorPage status={404} message={`Aucune source n’a l’identifiant « ${id} ».`} />);
      }
      const given = limit === undefined ? undefined : String(limit);
      return sendPage(
        reply,
        200,
        <SourceCitationsPage source={source} page={page} cursor={cursor} limit={given} kinds={kinds} />,
      );
    },
  );
}
