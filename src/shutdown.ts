// The one way Plateau's server stops. It owns SIGINT, SIGTERM and SIGHUP (no
// library's handler may exit the process under it) and also notices when a
// process that launched it (`npm start` runs npm → sh → node; `npm run dev` npm → sh → node with tsx) exits
// without passing a signal on. Then, once: the steps registered, last first
// (the API: stop accepting, let running requests and exports finish within
// the grace period, drain the search indexer, close the pools; then the
// bundled engines), and exit.
import { commandLine, type ProcessId, parentPid, startTime, stillRunning } from './engines/processes.js';

export type ShutdownLog = (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;

/** The processes above this one that belong to its launch command (npm, its `sh -c`, tsx), nearest first. */
export function launchers(from = process.ppid): ProcessId[] {
  const chain: ProcessId[] = [];
  for (let pid: number | null = from; pid && pid > 1 && chain.length < 4; pid = parentPid(pid)) {
    const args = commandLine(pid) ?? [];
    const isLauncher =
      args.some((a) => /(^|\/)(tsx|npm|npm-cli\.js)$/.test(a)) ||
      (/(^|\/)(da|ba)?sh$/.test(args[0] ?? '') && args[1] === '-c');
    if (!isLauncher) break;
    chain.push({ pid, start: startTime(pid) });
  }
  return chain;
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
    const chain = launchers();
    if (chain.length) {
      this.watch = setInterval(() => {
        const gone = chain.find((p) => !stillRunning(p));
        if (gone) void this.begin(`launcher ${gone.pid} exited`);
      }, 1_000);
      this.watch.unref();
    }
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
