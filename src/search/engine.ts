// Meilisearch, seen from Plateau: one index of every directory entry, kept in
// step with Postgres. Every task is awaited and checked. Searches, the hot path,
// go through a keep-alive undici pool (meilisearch-js over `fetch` cost 2.5× the
// CPU per call), and so does the polling of tasks; admin calls (indexes,
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
import { type Dispatcher, Pool } from 'undici';
import type { SearchDocument } from './documents.js';
import { indexSettings } from './settings.js';

export class SearchTaskError extends Error {}

/** How long creating an index or sending its settings may wait for Meilisearch to enqueue it, in ms. */
const indexAdministrationTimeoutMs = 30_000;
/**
 * Meilisearch answered a search with an error status. `status` is the HTTP status, `code` Meilisearch's error code
 * (`index_not_found`, `invalid_search_filter`…): a 5xx or a missing index means the engine cannot serve now, a
 * 4xx otherwise a request built wrong.
 */
/** What a health check found of Meilisearch: answering with the live index, answering without it, not answering. */
export type ServingState = 'up' | 'no_index' | 'down';

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

/**
 * Sends a request on the pool and resolves to its status and its body as UTF-8 text once the whole answer is in;
 * rejects with undici's error when no answer comes (refused, reset, past the pool's timeouts).
 */
function answer(pool: Pool, options: Dispatcher.DispatchOptions): Promise<{ statusCode: number; body: string }> {
  return new Promise((resolve, reject) => {
    let statusCode = 0;
    const chunks: Buffer[] = [];
    pool.dispatch(options, {
      onConnect() {},
      onHeaders(status) {
        statusCode = status;
        return true;
      },
      onData(chunk) {
        chunks.push(chunk);
        return true;
      },
      onComplete() {
        resolve({ statusCode, body: (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8') });
      },
      onError: reject,
    });
  });
}

export class SearchEngine {
  readonly client: Meilisearch;
  readonly indexName: string;
  /**
   * Counts the index changes this process has seen finish (a task settled): what was read from the index before
   * (word counts, see word-counts.ts) may be stale once it moves.
   */
  generation = 0;
  private readonly pool: Pool;
  /** meilisearch-js for creating an index and setting it up (`createIndex`), with `indexAdministrationTimeoutMs`. */
  private readonly admin: Meilisearch;
  private readonly headers: Record<string, string>;

  constructor(options: EngineOptions) {
    const timeoutMs = options.timeoutMs ?? 2_000;
    // Each phase of a call is bounded: a hung engine turns into the fallback within the timeout.
    this.pool = new Pool(options.host, {
      connections: searchConnections,
      keepAliveTimeout: 30_000,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connectTimeout: timeoutMs,
    });
    this.headers = {
      'content-type': 'application/json',
      // Without it, a reused connection can stall about 40 ms per call.
      'accept-encoding': 'identity',
      ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
    };
    this.client = new Meilisearch({
      host: options.host,
      apiKey: options.apiKey,
      timeout: options.timeoutMs ?? 2_000,
      // Without it, a reused connection can stall about 40 ms per call.
      requestInit: { headers: { 'accept-encoding': 'identity' } },
    });
    // Creating an index and sending its settings wait longer than a search: Meilisearch enqueues a task only between
    // two writes of its store, which a large batch of documents can hold for seconds (a CI run's index build failed
    // at 2 s while other files indexed 40,000 rows). A search keeps its short bound (the pool above) and falls back.
    this.admin = new Meilisearch({
      host: options.host,
      apiKey: options.apiKey,
      timeout: Math.max(options.timeoutMs ?? 2_000, indexAdministrationTimeoutMs),
      requestInit: { headers: { 'accept-encoding': 'identity' } },
    });
    this.indexName = options.indexName;
  }

  get index(): Index<SearchDocument> {
    return this.client.index<SearchDocument>(this.indexName);
  }

  /**
   * One call on the pool: JSON in, JSON out; throws SearchEngineError on an error status, undici's on no answer.
   * Dispatched with a handler that gathers the body's chunks (`answer`), which spares each call the response stream
   * and the async resource that `pool.request` makes for a body read at once anyway.
   */
  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await answer(this.pool, {
      method,
      path,
      headers: this.headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = response.body;
    if (response.statusCode >= 400) {
      let error: { code?: string; message?: string } = {};
      try {
        error = JSON.parse(text);
      } catch {}
      throw new SearchEngineError(
        response.statusCode,
        error.code,
        `Meilisearch ${method} ${path}: ${response.statusCode} ${error.message ?? text.slice(0, 200)}`,
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

  /**
   * Whether Meilisearch can answer searches now (ServingState): `up` when it answers with the live index, `no_index` when it answers
   * without it (not built yet: a fresh data folder's first build, or an index wiped, until the indexer's rebuild swaps
   * one in), `down` when it does not answer (refused, an error). One `GET /indexes/<index>` on the search pool.
   */
  async servingState(): Promise<ServingState> {
    try {
      await this.call('GET', `/indexes/${encodeURIComponent(this.indexName)}`);
      return 'up';
    } catch (error) {
      return error instanceof SearchEngineError && error.code === 'index_not_found' ? 'no_index' : 'down';
    }
  }

  /** Closes the search connections (the app closes). */
  async close(): Promise<void> {
    await this.pool.close();
  }

  /**
   * Waits for a task and throws unless it succeeded (SearchTaskError), or after 120 s. Polled on the search pool (no
   * call of Meilisearch waits for a task), at once, 10 ms later, then less and less often (up to every 50 ms): a task
   * that takes minutes (a large batch on a busy machine) costs twenty cheap polls a second (on the pool, not through
   * `fetch`), and one that ends is seen within 50 ms (at 500 ms, a rebuild's last batch, its swap and its outbox waited
   * up to half a second each; at 100 ms, a first start's documents and swap, on the way to /ready, up to 100 ms
   * each).
   */
  async settle(task: EnqueuedTaskPromise): Promise<Task> {
    const { taskUid } = await task;
    const deadline = Date.now() + settleTimeoutMs;
    let wait = 10;
    let done = await this.call<Task>('GET', `/tasks/${taskUid}`);
    while (!['succeeded', 'failed', 'canceled'].includes(done.status)) {
      if (Date.now() > deadline)
        throw new SearchTaskError(`Meilisearch task ${taskUid} still ${done.status} after 120 s`);
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(50, Math.ceil(wait * 1.5));
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

  /** Creates an index with the code's settings; both tasks are enqueued at once (Meilisearch runs them in order). */
  async createIndex(name: string): Promise<void> {
    const created = this.admin.createIndex(name, { primaryKey: 'uid' });
    await created;
    const configured = this.admin.index(name).updateSettings(indexSettings());
    // Both handled at once: a settings call refused while the creation's task settles is this call's error, not an
    // unhandled rejection.
    await Promise.all([this.settle(created), this.settle(configured)]);
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

  /**
   * A name for the index a rebuild fills before swapping it in: `<index>_build_<ms since 1970>` (isBuildIndex).
   */
  buildIndexName(): string {
    return `${this.indexName}_build_${Date.now()}`;
  }

  /** True for a name buildIndexName gives for this index (and only this one: `plateau_2_build_1` is not plateau's). */
  isBuildIndex(uid: string | null | undefined): uid is string {
    const prefix = `${this.indexName}_build_`;
    return !!uid && uid.startsWith(prefix) && /^\d+$/.test(uid.slice(prefix.length));
  }

  /**
   * The build indexes of this index that exist or that a task still queued will make (a creation or documents
   * enqueued for them), by name, sorted: Meilisearch goes on with a rebuild's queue after its process is gone.
   * Reads every index and every enqueued or processing task, 1,000 a call.
   */
  async buildIndexes(): Promise<string[]> {
    const names = new Set((await this.indexUids()).filter((uid) => this.isBuildIndex(uid)));
    for (let from: number | null | undefined; from !== null; ) {
      const page = await this.client.tasks.getTasks({
        statuses: ['enqueued', 'processing'],
        limit: 1000,
        ...(from === undefined ? {} : { from }),
      });
      for (const task of page.results) if (this.isBuildIndex(task.indexUid)) names.add(task.indexUid);
      from = page.next;
    }
    return [...names].sort();
  }

  /**
   * Deletes indexes and what was queued for them: their enqueued and processing tasks cancelled first (a creation
   * left in the queue would make the index again), then each index that exists deleted; each task awaited.
   */
  async dropIndexes(names: string[]): Promise<void> {
    if (!names.length) return;
    await this.settle(this.client.tasks.cancelTasks({ indexUids: names, statuses: ['enqueued', 'processing'] }));
    const existing = new Set(await this.indexUids());
    for (const name of names) {
      if (!existing.has(name)) continue;
      // Deleted meanwhile by another (an interrupted reindex deleting its own): gone is what was wanted.
      await this.settle(this.client.deleteIndex(name)).catch(async (error: unknown) => {
        if (await this.indexExists(name)) throw error;
      });
    }
  }

  /** The names of every index Meilisearch holds, read 1,000 a call. */
  private async indexUids(): Promise<string[]> {
    const uids: string[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await this.client.getRawIndexes({ offset, limit: 1000 });
      uids.push(...page.results.map((index) => index.uid));
      if (offset + 1000 >= page.total) return uids;
    }
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
