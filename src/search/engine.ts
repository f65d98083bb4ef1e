// Meilisearch, seen from Plateau: one index of every directory entry, kept in
// step with Postgres. Every task is awaited and checked.
import { type EnqueuedTaskPromise, type Index, Meilisearch, type Task } from 'meilisearch';
import type { SearchDocument } from './documents.js';
import { indexSettings } from './settings.js';

export class SearchTaskError extends Error {}

export interface EngineOptions {
  host: string;
  apiKey: string | undefined;
  indexName: string;
  /** Per-request timeout, so that a hung engine turns into the fallback quickly. */
  timeoutMs?: number;
}

export class SearchEngine {
  readonly client: Meilisearch;
  readonly indexName: string;

  constructor(options: EngineOptions) {
    this.client = new Meilisearch({
      host: options.host,
      apiKey: options.apiKey,
      timeout: options.timeoutMs ?? 2_000,
      // Without it, a reused connection can stall about 40 ms per call.
      requestInit: { headers: { 'accept-encoding': 'identity' } },
      defaultWaitOptions: { timeout: 120_000, interval: 25 },
    });
    this.indexName = options.indexName;
  }

  get index(): Index<SearchDocument> {
    return this.client.index<SearchDocument>(this.indexName);
  }

  async isAvailable(): Promise<boolean> {
    try {
      return (await this.client.health()).status === 'available';
    } catch {
      return false;
    }
  }

  /** Waits for a task and throws unless it succeeded. */
  async settle(task: EnqueuedTaskPromise): Promise<Task> {
    const done = await task.waitTask();
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
    for (let i = 0; i < documents.length; i += 1000) {
      await this.settle(this.client.index(name).addDocuments(documents.slice(i, i + 1000), { primaryKey: 'uid' }));
    }
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
