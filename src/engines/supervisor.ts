// Keeps a bundled engine running: when its process dies without being asked
// to, it is started again (same port, same data) after a backoff that grows
// with repeated failures, each step logged.
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { startTime, stopProcess, thisProcess, writeRuntimeRecord } from './processes.js';

export interface EngineExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One run of an engine's process, as its starter hands it over. */
export interface EngineRun {
  pid: number;
  /** Settles when the process has exited, however. */
  exited: Promise<EngineExit>;
  /** Asks the process to stop, and waits until it has. */
  stop(): Promise<void>;
}

export interface SupervisorLog {
  info(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
}

export interface SupervisorOptions {
  /** First wait before a restart, in ms; doubled after each failed start. */
  minBackoffMs?: number;
  /** Longest wait between restarts, in ms. */
  maxBackoffMs?: number;
  /** A run that lasted this long (ms) resets the backoff. */
  stableMs?: number;
}

export type EngineState = 'starting' | 'up' | 'restarting' | 'stopped';

/**
 * Runs `start` and watches the process it returns. `state` is `up` while the process runs, `restarting` from its
 * unexpected exit until a new one answers, `stopped` after `stop()`. `restarts` counts the restarts done.
 */
export class Supervisor {
  state: EngineState = 'starting';
  restarts = 0;
  private run: EngineRun | undefined;
  private timer: NodeJS.Timeout | undefined;
  private restarting: Promise<void> | undefined;
  private backoffMs: number;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly stableMs: number;

  constructor(
    /** The engine's name in logs (`PostgreSQL`, `Meilisearch`). */
    readonly name: string,
    private readonly start: () => Promise<EngineRun>,
    private readonly log: SupervisorLog,
    options: SupervisorOptions = {},
  ) {
    this.minBackoffMs = options.minBackoffMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 15_000;
    this.stableMs = options.stableMs ?? 60_000;
    this.backoffMs = this.minBackoffMs;
  }

  /** The pid of the running process, if any. */
  get pid(): number | undefined {
    return this.run?.pid;
  }

  /** Starts the engine the first time; throws when it cannot start (nothing is retried then). */
  async begin(): Promise<void> {
    this.watch(await this.start());
  }

  private watch(run: EngineRun) {
    this.run = run;
    this.state = 'up';
    const startedAt = Date.now();
    void run.exited.then((exit) => {
      if (this.state === 'stopped' || this.run !== run) return;
      this.run = undefined;
      this.state = 'restarting';
      if (Date.now() - startedAt >= this.stableMs) this.backoffMs = this.minBackoffMs;
      this.log.warn(`the bundled ${this.name} exited; restarting it`, {
        engine: this.name,
        pid: run.pid,
        code: exit.code,
        signal: exit.signal,
        retry_in_ms: this.backoffMs,
      });
      this.scheduleRestart();
    });
  }

  private scheduleRestart() {
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.maxBackoffMs, this.backoffMs * 2);
    this.timer = setTimeout(() => {
      this.restarting = this.restart().finally(() => {
        this.restarting = undefined;
      });
    }, delay);
  }

  private async restart() {
    if (this.state === 'stopped') return;
    try {
      const run = await this.start();
      // stop() may have been called while it started.
      if ((this.state as EngineState) === 'stopped') {
        await run.stop();
        return;
      }
      this.restarts++;
      this.log.info(`the bundled ${this.name} is running again`, {
        engine: this.name,
        pid: run.pid,
        restarts: this.restarts,
      });
      this.watch(run);
    } catch (error) {
      // stop() came while it started: nothing to try again.
      if ((this.state as EngineState) === 'stopped') return;
      this.log.warn(`the bundled ${this.name} could not be restarted; trying again`, {
        engine: this.name,
        err: error instanceof Error ? error.message : String(error),
        retry_in_ms: this.backoffMs,
      });
      this.scheduleRestart();
    }
  }

  /** Stops the engine for good: no restart afterwards. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.timer);
    await this.restarting;
    const run = this.run;
    this.run = undefined;
    await run?.stop();
  }

  /** Last resort when this process exits without stopping: the signal, sent synchronously. */
  killNow(signal: NodeJS.Signals): void {
    if (this.state === 'stopped' || !this.run) return;
    try {
      process.kill(this.run.pid, signal);
    } catch {
      // already gone
    }
  }
}

/** The last lines of an engine's log file ('' when it cannot be read), to say why it did not start. */
export async function lastLines(file: string, count = 20): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/**
 * The run of an engine just spawned: waits until `ready()` resolves (if it throws, the child is killed and the
 * error rethrown), then hands over its pid, its exit and a `stop` that sends `signal` and waits for the process
 * to be gone, killing it after `graceMs` (see stopProcess).
 */
export async function engineRun(
  child: ChildProcess,
  ready: () => Promise<void>,
  signal: NodeJS.Signals,
  graceMs: number,
): Promise<EngineRun> {
  const exited = new Promise<EngineExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const pid = child.pid ?? 0;
  try {
    await ready();
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  return {
    pid,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await stopProcess(pid, signal, graceMs);
      await exited;
    },
  };
}

/**
 * A starter for the Supervisor: runs `start`, then writes the runtime file `file` for what it started (its pid and
 * start time, its port, this process as its owner), so that a later process can tell whether it still runs.
 */
export function recordingRuns(file: string, port: number, start: () => Promise<EngineRun>): () => Promise<EngineRun> {
  return async () => {
    const run = await start();
    await writeRuntimeRecord(file, { pid: run.pid, start: startTime(run.pid), port, owner: thisProcess() });
    return run;
  };
}
