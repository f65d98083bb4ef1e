// Meilisearch, seen from Plateau: one index of every directory entry, kept in
// step with Postgres. Every task is awaited and checked. Searches, the hot path,
// go through a keep-alive pool of plain HTTP/1.1 connections (http-client.ts;
// meilisearch-js over `fetch` cost 2.5× the CPU per call, undici's Pool a third
// more than it), and so does the polling of tasks; admin calls (indexes,
// settings, documents) keep meilisearch-js.
import {
  type EnqueuedTaskPromise,
  type Index,
  Meilisearch,
  type MultiSearchParams,
  type MultiSearchResponse,
  type SearchParams,
  type SearchResponse,
  type Task,
} from 'meilisearch';
import type { SearchDocument } from './documents.js';
import { HttpPool } from './http-client.js';
import { indexSettings } from './settings.js';

export class SearchTaskError extends Error {}

/**
 * Meilisearch answered a search with an error status. `status` is the HTTP status, `code` Meilisearch's error code
 * (`index_not_found`, `invalid_search_filter`…): a 5xx or a missing index means the engine cannot serve now, a
 * 4xx otherwise a request built wrong.
 */
export class SearchEngineError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** How long `settle` waits for a task, in ms. */
const settleTimeoutMs = 120_000;

/** Connections the API keeps open to Meilisearch for searches. */
const searchConnections = 16;

export interface EngineOptions {
  host: string;
  apiKey: string | undefined;
  indexName: string;
  /** Per-request timeout, so that a hung engine turns into the fallback quickly. */
  timeoutMs?: number;
}

/** Batches of documents on their way to an index (SearchEngine.batchSender). */
export interface BatchSender {
  /** Enqueues one batch; waits first when too many are still being indexed. */
  send(documents: SearchDocument[]): Promise<void>;
  /** Waits until every batch sent is indexed; throws SearchTaskError when one failed. */
  finish(): Promise<void>;
  /** The Meilisearch task uids of the batches sent, in order. */
  readonly tasks: number[];
}

export class SearchEngine {
  readonly client: Meilisearch;
  readonly indexName: string;
  /**
   * Counts the index changes this process has seen finish (a task settled): what was read from the index before
   * (word counts, see word-counts.ts) may be stale once it moves.
   */
  generation = 0;
  private readonly pool: HttpPool;

  constructor(options: EngineOptions) {
    const timeoutMs = options.timeoutMs ?? 2_000;
    // A call that goes `timeoutMs` without a byte (connecting included) fails: a hung engine turns into the fallback.
    this.pool = new HttpPool(options.host, {
      connections: searchConnections,
      timeoutMs,
      headers: {
        'content-type': 'application/json',
        // Without it, a reused connection can stall about 40 ms per call.
        'accept-encoding': 'identity',
        ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
      },
    });
    this.client = new Meilisearch({
      host: options.host,
      apiKey: options.apiKey,
      timeout: options.timeoutMs ?? 2_000,
      // Without it, a reused connection can stall about 40 ms per call.
      requestInit: { headers: { 'accept-encoding': 'identity' } },
    });
    this.indexName = options.indexName;
  }

  get index(): Index<SearchDocument> {
    return this.client.index<SearchDocument>(this.indexName);
  }

  /** One call on the pool: JSON in, JSON out; throws SearchEngineError on an error status, HttpConnectionError on no answer. */
  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await this.pool.request(method, path, body === undefined ? undefined : JSON.stringify(body));
    const text = response.text;
    if (response.status >= 400) {
      let error: { code?: string; message?: string } = {};
      try {
        error = JSON.parse(text);
      } catch {}
      throw new SearchEngineError(
        response.status,
        error.code,
        `Meilisearch ${method} ${path}: ${response.status} ${error.message ?? text.slice(0, 200)}`,
      );
    }
    return JSON.parse(text) as T;
  }

  /** A search of the live index (`POST /indexes/<index>/search`). */
  search(q: string, params: SearchParams = {}): Promise<SearchResponse<Record<string, unknown>>> {
    return this.call('POST', `/indexes/${encodeURIComponent(this.indexName)}/search`, { ...params, q });
  }

  /** Several searches in one call (`POST /multi-search`), federated or not. */
  multiSearch(body: MultiSearchParams | Record<string, unknown>): Promise<MultiSearchResponse> {
    return this.call('POST', '/multi-search', body);
  }

  async isAvailable(): Promise<boolean> {
    try {
      return (await this.call<{ status: string }>('GET', '/health')).status === 'available';
    } catch {
      return false;
    }
  }

  /** Closes the search connections (the app closes). */
  async close(): Promise<void> {
    await this.pool.close();
  }

  /**
   * Waits for a task and throws unless it succeeded (SearchTaskError), or after 120 s. Polled on the search pool,
   * 25 ms after it was enqueued, then less and less often (up to every 500 ms): a task that takes minutes (a large
   * batch on a busy machine) costs a few polls a second, not forty.
   */
  async settle(task: EnqueuedTaskPromise): Promise<Task> {
    const { taskUid } = await task;
    const deadline = Date.now() + settleTimeoutMs;
    let wait = 25;
    let done = await this.call<Task>('GET', `/tasks/${taskUid}`);
    while (!['succeeded', 'failed', 'canceled'].includes(done.status)) {
      if (Date.now() > deadline)
        throw new SearchTaskError(`Meilisearch task ${taskUid} still ${done.status} after 120 s`);
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(500, Math.ceil(wait * 1.5));
      done = await this.call<Task>('GET', `/tasks/${taskUid}`);
    }
    this.generation++;
    if (done.status !== 'succeeded') {
      throw new SearchTaskError(
        `Meilisearch task ${done.uid} (${done.type}) ${done.status}: ${done.error?.message ?? 'no detail'}`,
      );
    }
    return done;
  }

  async indexExists(name = this.indexName): Promise<boolean> {
    try {
      await this.client.getIndex(name);
      return true;
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code === 'index_not_found') return false;
      throw error;
    }
  }

  async createIndex(name: string): Promise<void> {
    await this.settle(this.client.createIndex(name, { primaryKey: 'uid' }));
    await this.settle(this.client.index(name).updateSettings(indexSettings()));
  }

  async upsert(documents: SearchDocument[], name = this.indexName): Promise<void> {
    const sender = this.batchSender(name);
    for (let i = 0; i < documents.length; i += 1000) await sender.send(documents.slice(i, i + 1000));
    await sender.finish();
  }

  /**
   * Sends batches of documents to an index, pipelined: `send` returns once Meilisearch has enqueued the batch, so
   * the caller prepares the next while it indexes. At most `maxQueued` batches wait in Meilisearch's queue (on its
   * disk, not in this process: queued together, it indexes them as one); past that, `send` first waits for the
   * oldest, so the queue stays bounded. Only the oldest task is polled. `finish` waits for every task; each must
   * succeed (SearchTaskError otherwise). `tasks` are the uids enqueued, in order.
   */
  batchSender(name = this.indexName, maxQueued = 8): BatchSender {
    const queued: EnqueuedTaskPromise[] = [];
    const tasks: number[] = [];
    const index = this.client.index(name);
    return {
      tasks,
      send: async (documents) => {
        if (!documents.length) return;
        while (queued.length >= maxQueued) await this.settle(queued.shift()!);
        const enqueued = index.addDocuments(documents, { primaryKey: 'uid' });
        tasks.push((await enqueued).taskUid);
        queued.push(enqueued);
      },
      finish: async () => {
        while (queued.length) await this.settle(queued.shift()!);
      },
    };
  }

  async remove(uids: string[]): Promise<void> {
    if (uids.length) await this.settle(this.index.deleteDocuments(uids));
  }

  async documentCount(name: string): Promise<number> {
    return (await this.client.index(name).getStats()).numberOfDocuments;
  }

  /** Puts the freshly built index in place of the live one, atomically, and drops the old. */
  async swapIn(built: string): Promise<void> {
    if (await this.indexExists()) {
      await this.settle(this.client.swapIndexes([{ indexes: [this.indexName, built], rename: false }]));
      await this.settle(this.client.deleteIndex(built));
    } else {
      await this.settle(this.client.swapIndexes([{ indexes: [built, this.indexName], rename: true }]));
    }
  }
}
