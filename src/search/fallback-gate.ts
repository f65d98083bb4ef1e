// Load shedding on the degraded search path. A search answered by PostgreSQL
// costs about 240 times one answered by Meilisearch: while Meilisearch is
// down, only a few run at once, a few more wait their turn, and the rest are
// turned away at once with a "try again" rather than piling up.
import { UnavailableError } from '../domain/errors.js';

export interface FallbackGateOptions {
  /** Fallback searches running at once. */
  concurrency?: number;
  /** Searches waiting for a turn; beyond, refused. */
  queue?: number;
  /** Longest wait for a turn, in ms; beyond, refused. */
  maxWaitMs?: number;
  /** What a refused client is told to wait, in seconds. */
  retryAfterSeconds?: number;
}

/** Bounded concurrency with a bounded queue; `run` throws UnavailableError when both are full. */
export class FallbackGate {
  private running = 0;
  private readonly waiting: { resolve: () => void; timer: NodeJS.Timeout }[] = [];
  readonly concurrency: number;
  readonly queue: number;
  private readonly maxWaitMs: number;
  private readonly retryAfterSeconds: number;
  /** Searches refused since the start. */
  refused = 0;

  constructor(options: FallbackGateOptions = {}) {
    this.concurrency = options.concurrency ?? 4;
    this.queue = options.queue ?? 8;
    this.maxWaitMs = options.maxWaitMs ?? 5_000;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 2;
  }

  private busy(): UnavailableError {
    this.refused++;
    return new UnavailableError(
      'Search is answering from the database while the search engine recovers, and is at capacity; try again shortly.',
      this.retryAfterSeconds,
    );
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queue) throw this.busy();
      await new Promise<void>((resolve, reject) => {
        const entry = {
          resolve,
          timer: setTimeout(() => {
            this.waiting.splice(this.waiting.indexOf(entry), 1);
            reject(this.busy());
          }, this.maxWaitMs),
        };
        this.waiting.push(entry);
      });
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) {
        clearTimeout(next.timer);
        next.resolve(); // the slot passes to it
      } else {
        this.running--;
      }
    }
  }
}
