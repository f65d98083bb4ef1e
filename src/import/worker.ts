// Checking an import's rows on a worker thread (the second core) while the main thread stages and applies them
// (`ImportOptions.checked`): the worker reads the file and checks each row with its own importer and its own
// connections, and sends the checked rows in batches, in the order of the file; the main thread takes them as
// `runImport` takes the rows it checks itself. The worker runs at most a few batches ahead (it waits for the main
// thread to take them), so that memory stays flat whatever the size of the file. It is started first thing, so that
// loading its modules (and what its checks read, the geography) is done while the main thread readies the database.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { ImportFileError } from './file-error.js';
import type { CheckedRow, ReadSetup } from './run.js';

/** Batches the worker may send before the main thread has taken them. */
const batchesAhead = 4;

type FromWorker =
  | { type: 'rows'; rows: CheckedRow[] }
  | { type: 'end' }
  | { type: 'error'; name: string; message: string };

type ToWorker = { type: 'check'; data: unknown; read: ReadSetup } | { type: 'more' };

/** The error a worker reported, as the main thread throws it: a file that cannot be read stays an ImportFileError. */
function errorOf(message: Extract<FromWorker, { type: 'error' }>): Error {
  return message.name === 'ImportFileError' ? new ImportFileError(message.message) : new Error(message.message);
}

/**
 * A worker thread running `entry` (a module that calls `serveChecks`), started now with `startData` (its
 * `workerData`), checking files when asked (`checked`). Stop it with `close`.
 */
export class CheckThread {
  private worker: Worker | null = null;
  /** The messages of the pass under way, and what wakes it. */
  private waiting: FromWorker[] = [];
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly entry: URL,
    private readonly startData: unknown,
  ) {
    this.start();
  }

  private start(): Worker {
    // Under tsx (development, tests), a TypeScript entry is loaded through tsx's loader, which Node 20 does not hand
    // worker threads: the thread registers it first.
    const worker = this.entry.pathname.endsWith('.ts')
      ? new Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(this.entry.href)}); })`,
          { eval: true, workerData: this.startData },
        )
      : new Worker(this.entry, { workerData: this.startData });
    this.worker = worker;
    this.waiting = [];
    this.failure = null;
    const arrived = () => {
      this.wake?.();
      this.wake = null;
    };
    worker.on('message', (message: FromWorker) => {
      this.waiting.push(message);
      arrived();
    });
    worker.on('error', (error) => {
      this.failure ??= error;
      arrived();
    });
    worker.on('exit', (code) => {
      this.failure ??= new Error(`the import's checking thread stopped (exit code ${code})`);
      if (this.worker === worker) this.worker = null;
      arrived();
    });
    return worker;
  }

  /**
   * `ImportOptions.checked` by this thread, handing its check `data`: the batches of checked rows, in the order of
   * the file. An error of the thread (a file that cannot be read, a look-up that failed) is thrown where the next
   * batch would come. A pass the import stops taking (it failed) stops the thread; the next pass starts another.
   */
  checked(data: unknown): (read: ReadSetup) => AsyncIterable<CheckedRow[]> {
    return (read) => ({
      [Symbol.asyncIterator]: () => this.pass(data, read),
    });
  }

  private async *pass(data: unknown, read: ReadSetup): AsyncGenerator<CheckedRow[]> {
    const worker = this.worker ?? this.start();
    worker.postMessage({ type: 'check', data, read } satisfies ToWorker);
    let ended = false;
    try {
      for (;;) {
        const message = this.waiting.shift();
        if (!message) {
          if (this.failure) throw this.failure;
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        if (message.type === 'end') {
          ended = true;
          return;
        }
        if (message.type === 'error') {
          ended = true;
          throw errorOf(message);
        }
        worker.postMessage({ type: 'more' } satisfies ToWorker);
        yield message.rows;
      }
    } finally {
      // Stopped midway: the thread may still be checking; it goes, and the next pass starts another.
      if (!ended) await this.close();
    }
  }

  /** Stops the thread. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    worker.removeAllListeners();
    await worker.terminate();
  }
}

/**
 * The worker's side of `CheckThread`: for each file the main thread asks to check (`data`: what it handed, `read`:
 * how the file is read), sends the batches `check` gives, at most a few ahead of the main thread, then the end, or the
 * error that stopped it. Call once, from the worker's entry module; the thread then waits for files until stopped.
 */
export function serveChecks(check: (read: ReadSetup, data: unknown) => AsyncIterable<CheckedRow[]>): void {
  const port = parentPort;
  if (!port) throw new Error('serveChecks runs on a worker thread (CheckThread)');
  let ahead = 0;
  let wake: (() => void) | null = null;
  const asked: Extract<ToWorker, { type: 'check' }>[] = [];
  let serving = false;
  const serve = async () => {
    serving = true;
    for (let request = asked.shift(); request; request = asked.shift()) {
      ahead = 0;
      try {
        for await (const rows of check(request.read, request.data)) {
          while (ahead >= batchesAhead) await new Promise<void>((resolve) => (wake = resolve));
          ahead++;
          port.postMessage({ type: 'rows', rows } satisfies FromWorker);
        }
        port.postMessage({ type: 'end' } satisfies FromWorker);
      } catch (error) {
        const name = error instanceof ImportFileError ? 'ImportFileError' : 'Error';
        const message = error instanceof Error ? error.message : String(error);
        port.postMessage({ type: 'error', name, message } satisfies FromWorker);
      }
    }
    serving = false;
  };
  port.on('message', (message: ToWorker) => {
    if (message.type === 'more') {
      ahead--;
      wake?.();
      wake = null;
      return;
    }
    asked.push(message);
    if (!serving) void serve();
  });
}

/** What the main thread handed a worker when it started it (`CheckThread`'s `startData`). */
export function startData<T>(): T {
  return workerData as T;
}
