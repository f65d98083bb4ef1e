import { describe, expect, it } from 'vitest';
import { type EngineExit, type EngineRun, Supervisor } from '../../src/engines/supervisor.js';

/** Runs that exit when told, and starts that fail while `failing` is set. */
function fakeEngine() {
  const runs: { exit: (e: EngineExit) => void; stopped: boolean }[] = [];
  const state = { failing: 0 };
  const start = async (): Promise<EngineRun> => {
    if (state.failing > 0) {
      state.failing--;
      throw new Error('port in use');
    }
    let exit: (e: EngineExit) => void = () => {};
    const exited = new Promise<EngineExit>((resolve) => {
      exit = resolve;
    });
    const run = { exit, stopped: false };
    runs.push(run);
    return {
      pid: 1000 + runs.length,
      exited,
      async stop() {
        run.stopped = true;
        exit({ code: 0, signal: null });
      },
    };
  };
  return { runs, state, start };
}

const logs = () => {
  const lines: string[] = [];
  return { lines, log: { info: (m: string) => lines.push(`info ${m}`), warn: (m: string) => lines.push(`warn ${m}`) } };
};
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

/**
 * The timers set through the global setTimeout from now on that have neither fired nor been cleared, until `restore`.
 * Counted by itself rather than as the process's active timers: a worker runs file after file (vitest.config.ts), and
 * the timers an earlier file left to run out would count too.
 */
function watchTimers() {
  const { setTimeout: set, clearTimeout: clear } = globalThis;
  const pending = new Set<unknown>();
  globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = set(() => {
      pending.delete(timer);
      callback(...args);
    }, ms);
    pending.add(timer);
    return timer;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((timer?: Parameters<typeof clearTimeout>[0]) => {
    pending.delete(timer);
    clear(timer);
  }) as typeof clearTimeout;
  return {
    pending,
    restore() {
      globalThis.setTimeout = set;
      globalThis.clearTimeout = clear;
    },
  };
}

describe('the supervisor of a bundled engine', () => {
  it('restarts an engine that died, after failed attempts with a growing backoff, each step logged', async () => {
    const engine = fakeEngine();
    const { lines, log } = logs();
    const supervisor = new Supervisor('Meilisearch', engine.start, log, { minBackoffMs: 5, maxBackoffMs: 20 });
    await supervisor.begin();
    expect(supervisor.state).toBe('up');
    expect(supervisor.pid).toBe(1001);
    engine.state.failing = 2;
    engine.runs[0]?.exit({ code: null, signal: 'SIGKILL' });
    await until(() => supervisor.state === 'up' && supervisor.restarts === 1);
    expect(supervisor.pid).toBe(1002);
    expect(lines).toEqual([
      'warn the bundled Meilisearch exited; restarting it',
      'warn the bundled Meilisearch could not be restarted; trying again',
      'warn the bundled Meilisearch could not be restarted; trying again',
      'info the bundled Meilisearch is running again',
    ]);
    await supervisor.stop();
    expect(engine.runs[1]?.stopped).toBe(true);
  });

  it('does not restart an engine it was asked to stop', async () => {
    const engine = fakeEngine();
    const supervisor = new Supervisor('PostgreSQL', engine.start, logs().log, { minBackoffMs: 5 });
    await supervisor.begin();
    await supervisor.stop();
    await new Promise((r) => setTimeout(r, 30));
    expect(supervisor.state).toBe('stopped');
    expect(engine.runs).toHaveLength(1);
  });

  it('stops for good a restart under way when stop() comes', async () => {
    const engine = fakeEngine();
    const supervisor = new Supervisor('PostgreSQL', engine.start, logs().log, { minBackoffMs: 1 });
    await supervisor.begin();
    engine.runs[0]?.exit({ code: 1, signal: null });
    await new Promise((r) => setTimeout(r, 3));
    await supervisor.stop();
    expect(supervisor.state).toBe('stopped');
    expect(engine.runs.every((r) => r.stopped || r === engine.runs[0])).toBe(true);
  });

  it('gives up a restart that fails while stop() waits for it: no "trying again", no restart timer left', async () => {
    const engine = fakeEngine();
    const { lines, log } = logs();
    let release: () => void = () => {};
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    let starts = 0;
    // The first start succeeds; the restart fails once released.
    const start = async () => {
      if (starts++ === 0) return engine.start();
      await blocked;
      throw new Error('port in use');
    };
    const timers = watchTimers();
    try {
      const supervisor = new Supervisor('Meilisearch', start, log, { minBackoffMs: 1, maxBackoffMs: 1 });
      await supervisor.begin();
      engine.runs[0]?.exit({ code: 1, signal: null });
      await until(() => starts === 2);
      const stopping = supervisor.stop();
      release();
      await stopping;
      const timersLeft = timers.pending.size;
      await new Promise((r) => setTimeout(r, 20));
      expect(lines).toEqual(['warn the bundled Meilisearch exited; restarting it']);
      expect(starts).toBe(2);
      expect(timersLeft).toBe(0);
    } finally {
      timers.restore();
    }
  });
});
