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
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const timersBefore = timers();
    const supervisor = new Supervisor('Meilisearch', start, log, { minBackoffMs: 1, maxBackoffMs: 1 });
    await supervisor.begin();
    engine.runs[0]?.exit({ code: 1, signal: null });
    await until(() => starts === 2);
    const stopping = supervisor.stop();
    release();
    await stopping;
    const timersAfter = timers();
    await new Promise((r) => setTimeout(r, 20));
    expect(lines).toEqual(['warn the bundled Meilisearch exited; restarting it']);
    expect(starts).toBe(2);
    expect(timersAfter).toBe(timersBefore);
  });
});
