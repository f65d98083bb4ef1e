// The one way Plateau's server stops. It owns SIGINT, SIGTERM and SIGHUP (no
// library's handler may exit the process under it) and also notices when a
// process that launched it (`npm start` runs npm → sh → node; `npm run dev` npm → sh → node with tsx) exits
// without passing a signal on. Then, once: the steps registered, last first
// (the API: stop accepting, let running requests and exports finish within
// the grace period, drain the search indexer, close the pools; then the
// bundled engines), and exit.
import {
  environmentValue,
  type ProcessId,
  parentPid,
  processGroup,
  startTime,
  stillRunning,
} from './engines/processes.js';

export type ShutdownLog = (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;

/**
 * The processes above this one that launched it, nearest first: its parent, whatever it is (npm's `sh -c`, a shell,
 * a supervisor); and, when an npm script runs this process (`npm_lifecycle_script` in its environment), each further
 * ancestor in this process's group running that script (npm's `sh -c`, scripts/start.mjs) up to npm itself, the first
 * whose environment does not hold that script: npm → sh → node. Never pid 1, nor what launched npm (a terminal's
 * shell, a cron job's script that started `nohup npm run import … &` and exited: its import goes on, as a process
 * detached on purpose does). Names are not looked at: npm rewrites its process title, and a launcher may be anything.
 */
function launchers(): ProcessId[] {
  const chain: ProcessId[] = [];
  const group = processGroup(process.pid);
  const script = process.env.npm_lifecycle_script;
  for (let pid: number | null = process.ppid; pid && pid > 1 && chain.length < 16; pid = parentPid(pid)) {
    if (chain.length && processGroup(pid) !== group) break;
    chain.push({ pid, start: startTime(pid) });
    // Without npm, the parent alone; under npm, up to npm itself (its environment is not its script's).
    if (script === undefined || environmentValue(pid, 'npm_lifecycle_script') !== script) break;
  }
  return chain;
}

/**
 * Looks every second whether a process of `launchers()` has exited (gone, or a zombie not yet reaped) and then calls
 * `onExit(cause)` once, the cause `launcher <pid> exited`. The timer returned (unref'd, not keeping the process up)
 * is the caller's to clear; undefined when nothing launched this process (its parent is pid 1).
 */
export function watchLaunchers(onExit: (cause: string) => void): NodeJS.Timeout | undefined {
  const chain = launchers();
  if (!chain.length) return undefined;
  const watch = setInterval(() => {
    const gone = chain.find((p) => !stillRunning(p));
    if (!gone) return;
    clearInterval(watch);
    onExit(`launcher ${gone.pid} exited`);
  }, 1_000);
  watch.unref();
  return watch;
}

export class Shutdown {
  private readonly steps: { name: string; run: (hurry: Promise<void>) => Promise<void> }[] = [];
  private started: Promise<void> | undefined;
  private hurryNow: () => void = () => {};
  private readonly hurry = new Promise<void>((resolve) => {
    this.hurryNow = resolve;
  });
  private watch: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: ShutdownLog,
    private readonly exit: (code: number) => void = (code) => process.exit(code),
  ) {}

  /**
   * Registers a step; steps run last registered first. `hurry` settles when a second signal asks to stop at once.
   */
  add(name: string, run: (hurry: Promise<void>) => Promise<void>): void {
    this.steps.push({ name, run });
  }

  /** Takes the signals, and watches the launchers every second. */
  install(): void {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, () => void this.begin(signal));
    }
    this.watch = watchLaunchers((cause) => void this.begin(cause));
  }

  get shuttingDown(): boolean {
    return this.started !== undefined;
  }

  /** Runs the steps once (a second call hurries the first) and exits: 0 when every step succeeded. */
  begin(reason: string): Promise<void> {
    if (this.started) {
      this.log('warn', 'stopping at once: running requests are cut', { reason });
      this.hurryNow();
      return this.started;
    }
    clearInterval(this.watch);
    this.log('info', 'shutting down', { reason });
    this.started = (async () => {
      let code = 0;
      for (const step of [...this.steps].reverse()) {
        try {
          await step.run(this.hurry);
        } catch (error) {
          code = 1;
          this.log('error', `shutdown step failed: ${step.name}`, {
            err: error instanceof Error ? error.message : String(error),
          });
        }
      }
      this.log('info', 'stopped');
      this.exit(code);
    })();
    return this.started;
  }
}
