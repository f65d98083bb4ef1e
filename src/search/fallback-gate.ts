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
  /**
   * Longest a search waits for its answer once its turn came, in ms (15,000: the API's statement timeout by default,
   * so a degraded search PostgreSQL would finish is awaited); beyond, refused (its signal aborted, so that it sends no
   * further statement; its turn is held until the statement running ends).
   */
  maxRunMs?: number;
}

/**
 * Bounded concurrency with a bounded queue and a bounded run; `run` throws UnavailableError when both are full, when
 * a turn does not come within `maxWaitMs` or when the answer does not come within `maxRunMs`.
 */
export class FallbackGate {
  private running = 0;
  private readonly waiting: { resolve: () => void; timer: NodeJS.Timeout }[] = [];
  readonly concurrency: number;
  readonly queue: number;
  private readonly maxWaitMs: number;
  private readonly retryAfterSeconds: number;
  readonly maxRunMs: number;
  /** Searches refused since the start. */
  refused = 0;

  constructor(options: FallbackGateOptions = {}) {
    this.concurrency = options.concurrency ?? 4;
    this.queue = options.queue ?? 8;
    this.maxWaitMs = options.maxWaitMs ?? 5_000;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 2;
    this.maxRunMs = options.maxRunMs ?? 15_000;
  }

  private busy(why = 'is at capacity'): UnavailableError {
    this.refused++;
    return new UnavailableError(
      `Search is answering from the database while the search engine recovers, and ${why}; try again shortly.`,
      this.retryAfterSeconds,
    );
  }

  /** Runs `work` in its turn, told by `signal` when its answer is no longer awaited (past `maxRunMs`). */
  async run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
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
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(this.busy('could not answer in time'));
      }, this.maxRunMs);
    });
    const running = work(abort.signal);
    // The turn passes on once the work has ended, answered in time or not: refusing it frees no connection.
    void running
      .catch(() => {})
      .finally(() => {
        clearTimeout(timer);
        this.release();
      });
    return Promise.race([running, late]);
  }

  private release() {
    const next = this.waiting.shift();
    if (next) {
      clearTimeout(next.timer);
      next.resolve(); // the slot passes to it
    } else {
      this.running--;
    }
  }
}
