// The one entry point routes use to search: Meilisearch when it answers,
// PostgreSQL otherwise. Never throws because the engine is down.

import type { SearchParams } from 'meilisearch';
import type { Db } from '../db/client.js';
import type { Facet, FacetName } from '../listing/facets.js';
import { facets as declaredFacets } from '../listing/facets.js';
import { distanceFrom, type Point } from '../listing/near.js';
import { type SearchEngine, SearchEngineError, type ServingState } from './engine.js';
import { facetBuckets } from './facet-values.js';
import { searchPostgres } from './fallback.js';
import { FallbackGate } from './fallback-gate.js';
import { hasMatch } from './highlights.js';
import type { IndexedKinds } from './indexed-words.js';
import { afterClause, highlightedAttributes, meiliParams } from './meili-query.js';
import { searchReach } from './params.js';
import { heldTogether, planQuery, type QueryPlan, queryWords } from './query-words.js';
import type { FacetValue, FilterCatalogue, SearchHit, SearchOutcome, SearchRequest } from './request.js';
import type { WithheldIds } from './withheld-ids.js';
import { WordCountCache } from './word-counts.js';

export interface SearchLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

type FormattedHit = Omit<SearchHit, 'highlights'> & { _formatted?: Record<string, unknown>; _geo?: Point };

function highlightsOf(hit: FormattedHit): Record<string, string> {
  const result: Record<string, string> = {};
  for (const attribute of highlightedAttributes) {
    const value = hit._formatted?.[attribute];
    const text = Array.isArray(value) ? value.find((v) => hasMatch(String(v))) : value;
    if (typeof text === 'string' && hasMatch(text)) result[attribute] = text;
  }
  return result;
}

/**
 * Whether an error means Meilisearch cannot serve now (down, hung, erroring,
 * index missing), as opposed to refusing a request we built wrong: a bug that
 * must surface rather than hide behind the fallback.
 */
function isUnavailable(error: unknown): boolean {
  if (!(error instanceof SearchEngineError)) return true;
  return error.status >= 500 || error.code === 'index_not_found';
}

/** While Meilisearch cannot answer, how often its health is probed, in ms. */
const probeIntervalMs = 1_000;

/**
 * The longest a search waits for Meilisearch, all its calls together (a plan's counts, then the search), in ms:
 * past it, Meilisearch is taken as unable to answer and PostgreSQL answers. Each call is bounded too (the engine's
 * pool, 2 s), but a search of several calls, or one queued behind a frozen engine's connections, could add them up.
 */
export const engineWaitMs = 2_000;

/** Meilisearch took longer than engineWaitMs to answer a search (frozen, overloaded). */
class EngineWaitError extends Error {}

/** The weight of a name searched alone against the whole query's (federated search ranks by weighted score). */
const aloneWeight = 0.5;

/**
 * Searches Meilisearch while it answers. After a failure, searches go to PostgreSQL (through `gate`, which bounds
 * how many run at once) and Meilisearch's health is probed every second in the background; searches return to it
 * as soon as it answers again, with no restart of the API.
 */
export class SearchService {
  private available = true;
  /**
   * How each search now waiting for Meilisearch gives up, with the error that marked it unable to answer: called by
   * engineDown, so that they ask PostgreSQL at once (rather than each waiting out its own bound). A search leaves the
   * set as it settles: nothing of it outlives its wait (racing each search against one long-lived « down » promise
   * kept every answer reachable from that promise until Meilisearch failed: the heap grew with each search).
   */
  private readonly waiting = new Set<(error: unknown) => void>();
  private probe: NodeJS.Timeout | undefined;
  private closed = false;
  /** How many entries hold each word of the queries planned lately (planMeilisearch). */
  private readonly counts = new WordCountCache();
  /**
   * The plans of the queries searched lately, kept as counts are (while the index has not moved, two seconds at
   * most, so a plan may rest on counts up to four seconds old): a query searched again is not split, folded and
   * planned again.
   */
  private readonly plans = new WordCountCache<QueryPlan | null>();

  constructor(
    private readonly db: Db,
    private readonly engine: SearchEngine,
    private readonly log: SearchLogger,
    /** The filters search applies, by name, from the kinds' declarations. */
    private readonly filters: FilterCatalogue,
    /** Bounds the searches PostgreSQL answers at once while Meilisearch is down. */
    readonly gate: FallbackGate = new FallbackGate(),
    /**
     * The entries withheld now (in memory, told by PostgreSQL at their commit): a hit of one is never served, though
     * the index has not dropped it yet.
     */
    private readonly withheld?: WithheldIds,
    /** The kinds whose words PostgreSQL finds through indexes (indexed-words.ts), when it answers. */
    private readonly indexed: IndexedKinds = new Map(),
  ) {}

  /** Whether searches go to Meilisearch now (false while it is being probed after a failure). */
  get engineAvailable(): boolean {
    return this.available;
  }

  /**
   * Searches Meilisearch, waiting at most engineWaitMs and not at all once it is known unable to answer (a search
   * failed, the probe or /ready found it down); else PostgreSQL, through the gate (UnavailableError, a 503 with
   * Retry-After, when it is at capacity or cannot answer in time: FallbackGate).
   */
  async search(request: SearchRequest): Promise<SearchOutcome> {
    if (this.available) {
      try {
        return await this.withinEngineWait(this.searchMeilisearch(request));
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        this.engineDown(error);
      }
    }
    return this.gate.run((signal) => searchPostgres(this.db, request, this.filters, signal, this.indexed));
  }

  /** `work`, or EngineWaitError past engineWaitMs, or the error that marked Meilisearch down meanwhile. */
  private withinEngineWait<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // A search given up on may still fail later: nobody waits for it any more (its rejection lands here, unseen).
      const giveUp = (error: unknown) => {
        clearTimeout(timer);
        this.waiting.delete(giveUp);
        reject(error);
      };
      const timer = setTimeout(
        () => giveUp(new EngineWaitError(`Meilisearch did not answer a search within ${engineWaitMs} ms`)),
        engineWaitMs,
      );
      this.waiting.add(giveUp);
      work.then((value) => {
        clearTimeout(timer);
        this.waiting.delete(giveUp);
        resolve(value);
      }, giveUp);
    });
  }

  /**
   * Meilisearch cannot answer (told by a failed search, or by a health check such as /ready's): searches go to
   * PostgreSQL at once, those waiting for Meilisearch too, and its health is probed every second until it answers.
   */
  engineDown(error: unknown): void {
    if (!this.available) return;
    this.available = false;
    for (const giveUp of this.waiting) giveUp(error);
    if (error instanceof SearchEngineError && error.code === 'index_not_found') {
      // Meilisearch answers, without the index: a fresh data folder's first build (or an index lost) until the
      // indexer swaps one in, a state of every first start, not a failure.
      this.log.info(
        { probe_every_ms: probeIntervalMs },
        'the search index is not built yet; searching PostgreSQL until it is',
      );
    } else {
      this.log.warn(
        { err: error, probe_every_ms: probeIntervalMs },
        'Meilisearch cannot answer; searching PostgreSQL until it does',
      );
    }
    this.scheduleProbe();
  }

  /**
   * What a health check found of Meilisearch (the probe's, /ready's), the one way back to it: `up` sends searches to
   * it at once, the probe stopped, rather than at the probe's next turn (a first start's /ready said `degraded` for
   * up to a second after its index was swapped in); `no_index` (a first build, an index wiped) and `down` send them
   * to PostgreSQL, as a failed search does (engineDown). `reason` tells the logs which check found it down.
   */
  observed(state: ServingState, reason = 'a health check'): void {
    if (state === 'no_index') {
      this.engineDown(new SearchEngineError(404, 'index_not_found', 'the search index is not built yet'));
    } else if (state === 'down') {
      this.engineDown(new Error(`Meilisearch failed ${reason}`));
    } else if (!this.available && !this.closed) {
      clearTimeout(this.probe);
      this.available = true;
      this.log.info({}, 'Meilisearch answers again; searches use it');
    }
  }

  private scheduleProbe() {
    if (this.closed) return;
    this.probe = setTimeout(async () => {
      // Back to Meilisearch once it answers with the index searches read (not while its first build runs).
      const state = await this.engine.servingState();
      if (this.available) return; // another check found it answering meanwhile
      if (state === 'up') this.observed(state);
      else this.scheduleProbe();
    }, probeIntervalMs);
    this.probe.unref();
  }

  /** Stops probing (the app closes). */
  close(): void {
    this.closed = true;
    clearTimeout(this.probe);
  }

  /**
   * The words of a query of several (src/search/query-words.ts), planned from how many entries of the whole
   * directory hold each (not of those the filters leave: a filter then narrows what the query finds, never
   * changes it): one multi-search of empty results, counts only, and when names might be several, one count of
   * the entries holding them all; counts read lately are reused while the index has not moved (countEntries), and
   * so are the plans made from them (`plans`).
   */
  private async planMeilisearch(params: SearchParams & { q: string }): Promise<QueryPlan | null> {
    const generation = this.engine.generation;
    const known = this.plans.get(params.q, generation);
    if (known !== undefined) return known;
    const plan = await this.planFromCounts(params);
    this.plans.set(params.q, plan, generation);
    return plan;
  }

  /** The plan of a query from the counts of its words (planMeilisearch): null for a query of fewer than two. */
  private async planFromCounts(params: SearchParams & { q: string }): Promise<QueryPlan | null> {
    const words = queryWords(params.q);
    if (words.length < 2) return null;
    const [all, ...each] = await this.countEntries(['', ...words]);
    const plan = planQuery(params.q, words, { total: all ?? 0, counts: each });
    if (!plan.alone.length) return plan;
    const [together] = await this.countEntries([plan.q]);
    return heldTogether(plan, together ?? 0);
  }

  /**
   * How many entries hold each query of `queries` with every word required (`''`: every entry), from the counts
   * read lately when the index has not moved since (word-counts.ts), else in one multi-search of empty results.
   */
  private async countEntries(queries: string[]): Promise<number[]> {
    const generation = this.engine.generation;
    const counts = queries.map((q) => this.counts.get(q, generation));
    const missing = queries.filter((_, i) => counts[i] === undefined);
    if (!missing.length) return counts as number[];
    const base = { indexUid: this.engine.indexName, limit: 0, matchingStrategy: 'all' as const };
    const { results } = await this.engine.multiSearch({ queries: missing.map((q) => ({ ...base, q })) });
    const read = new Map(
      missing.map((q, i) => [q, Number(results[i]?.estimatedTotalHits ?? results[i]?.totalHits ?? 0)] as const),
    );
    for (const [q, count] of read) this.counts.set(q, count, generation);
    return queries.map((q, i) => counts[i] ?? read.get(q) ?? 0);
  }

  async searchMeilisearch(request: SearchRequest): Promise<SearchOutcome> {
    const params = meiliParams(request, this.filters);
    const plan = await this.planMeilisearch(params);
    const response = request.after
      ? await this.searchAfter(plan?.q ?? params.q, params, request.after, request.sort?.descending ?? false)
      : plan?.alone.length && !request.sort
        ? await this.searchEach(params, plan)
        : await this.engine.search(plan?.q ?? params.q, params);
    // `page`/`hitsPerPage` give `totalHits`, exhaustive up to maxTotalHits (searchReach); a federated search gives
    // `estimatedTotalHits`, the size of the union of its queries' matches, which maxTotalHits does not bound.
    const total = Number(
      (response as { totalHits?: number }).totalHits ??
        (response as { estimatedTotalHits?: number }).estimatedTotalHits ??
        0,
    );
    const facets: SearchOutcome['facets'] = {};
    for (const name of request.facets) {
      const distribution = response.facetDistribution?.[declaredFacets[name].attribute] ?? {};
      const counted = Object.entries(distribution).map(([value, count]): FacetValue => ({ value, count }));
      const facet: Facet = declaredFacets[name];
      facets[name] = facet.key
        ? facetBuckets(facet, counted)
        : counted.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    }
    let hits = response.hits as unknown as FormattedHit[];
    // The index follows PostgreSQL later than a withholding commit: its hits of a withheld entry are dropped here.
    const kept = this.withheld?.size ? hits.filter((hit) => !this.withheld?.has(hit.kind, hit.id)) : hits;
    const dropped = hits.length - kept.length;
    hits = kept;
    return {
      hits: hits.map((hit) => ({
        kind: hit.kind,
        id: hit.id,
        name: hit.name,
        label: hit.label,
        highlights: highlightsOf(hit),
        ...(request.point
          ? {
              distance_km: distanceFrom(request.point, hit._geo),
              coordinates_precision: hit._geo ? (hit.coordinates_precision ?? null) : null,
            }
          : {}),
      })),
      total: total - dropped,
      total_exact: total < searchReach,
      reachable: searchReach,
      facets,
      degraded: false,
    };
  }

  /**
   * A page of a search sorted by name that continues after `after` (a keyset), and the total and facets of the whole
   * result, in one multi-search: the keyset narrows the hits, not the count nor the facets.
   */
  private async searchAfter(
    q: string,
    params: SearchParams & { q: string },
    after: NonNullable<SearchRequest['after']>,
    descending: boolean,
  ) {
    const filter = params.filter as string[];
    const query = { ...params, q, indexUid: this.engine.indexName, page: 1 };
    const { results } = await this.engine.multiSearch({
      queries: [
        { ...query, filter: [...filter, afterClause(after, descending)], facets: [] },
        { ...query, hitsPerPage: 0 },
      ],
    });
    const [page, whole] = results;
    return { hits: page?.hits ?? [], totalHits: whole?.totalHits, facetDistribution: whole?.facetDistribution };
  }

  /**
   * A query whose name-like words name different entries: the query and each of those words alone, merged by
   * Meilisearch (federated multi-search, one ranking), so « Teleperformance Webhelp » finds both, the entries
   * holding most words first.
   */
  private async searchEach(params: SearchParams & { q: string }, plan: QueryPlan) {
    const { page = 1, hitsPerPage = 20, facets, ...query } = params;
    const response = await this.engine.multiSearch({
      federation: {
        offset: (page - 1) * hitsPerPage,
        limit: hitsPerPage,
        ...(facets?.length ? { facetsByIndex: { [this.engine.indexName]: facets }, mergeFacets: {} } : {}),
      },
      // An entry that holds the whole query ranks before one that holds a single name of it.
      queries: [plan.q, ...plan.alone].map((q, i) => ({
        ...query,
        q,
        indexUid: this.engine.indexName,
        federationOptions: { weight: i === 0 ? 1 : aloneWeight },
      })),
    });
    return response as unknown as {
      hits: unknown[];
      estimatedTotalHits?: number;
      facetDistribution?: Record<string, Record<string, number>>;
    };
  }
}

export type { FacetName };
