// What Plateau knows of the processes of its bundled engines: whether a pid
// is alive, whether it is really the engine a runtime file names (its command
// line and working folder in /proc, its start time, so that a reused pid is
// not taken for ours), and how to stop one and wait for it to be gone.
import { readFileSync, readlinkSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';

/**
 * How often, in ms, a starting engine is asked whether it answers yet (a connection refused or a health call: well
 * under a millisecond of CPU each). Each ask that comes too soon puts off the start by up to this long: at 100 ms, on
 * average 50 ms for each engine, and Meilisearch's answer is what the server waits for before it loads its modules.
 */
export const readinessPollMs = 20;

/** Whether a process with this pid exists (whoever owns it). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The arguments of a live process, from /proc/<pid>/cmdline; null when it is gone or unreadable. */
export function commandLine(pid: number): string[] | null {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw ? raw.replace(/\0$/, '').split('\0') : null;
  } catch {
    return null;
  }
}

/** The value of `name` in a live process's environment (/proc/<pid>/environ, as it started); null when unset or unreadable. */
export function environmentValue(pid: number, name: string): string | null {
  try {
    const prefix = `${name}=`;
    const entry = readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .find((e) => e.startsWith(prefix));
    return entry === undefined ? null : entry.slice(prefix.length);
  } catch {
    return null;
  }
}

/** The working folder of a live process, from /proc/<pid>/cwd; null when unreadable. */
export function workingFolder(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}

/**
 * When the process started, in clock ticks since boot (/proc/<pid>/stat, field 22): with the pid, it names one
 * process for good, since a pid is reused but not with the same start time. Null when the process is gone.
 */
export function startTime(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

/** A process named for good: its pid and start time. */
export interface ProcessId {
  pid: number;
  start: number | null;
}

/** This process, as runtime files record their owner. */
export function thisProcess(): ProcessId {
  return { pid: process.pid, start: startTime(process.pid) };
}

/**
 * Whether the process a runtime file recorded still runs (not another that took its pid, nor a zombie: exited, its
 * parent not having reaped it yet).
 */
export function stillRunning(id: ProcessId): boolean {
  if (!isAlive(id.pid) || isZombie(id.pid)) return false;
  return id.start === null || startTime(id.pid) === id.start;
}

/** Polls until the process is gone; false when it still runs after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && !isZombie(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/**
 * Sends `signal` (then SIGKILL after `graceMs`) to a process that is not our child, and waits until it is gone.
 * A frozen process (SIGSTOP) is woken with SIGCONT first, or it would never act on the signal.
 */
export async function stopProcess(pid: number, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, signal);
    process.kill(pid, 'SIGCONT');
  } catch {
    return;
  }
  if (await waitForExit(pid, graceMs)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  await waitForExit(pid, 5_000);
}

/**
 * The runtime file of a bundled engine (`<dataDir>/<engine>.json`): the engine's pid and start time, its port,
 * and the Plateau process that started it and stops it (`owner`). Other Plateau processes (the CLIs while the
 * API runs) reuse an engine whose owner runs; an engine whose owner is gone is an orphan.
 */
export interface RuntimeRecord {
  pid: number;
  start: number | null;
  port: number;
  owner: ProcessId;
}

export async function readRuntimeRecord(file: string): Promise<RuntimeRecord | null> {
  try {
    const record = JSON.parse(await readFile(file, 'utf8')) as Partial<RuntimeRecord>;
    if (typeof record.pid !== 'number' || typeof record.port !== 'number' || !record.owner) return null;
    return record as RuntimeRecord;
  } catch {
    return null;
  }
}

/** Writes the file whole or not at all (a new file renamed over the old): a reader never sees half of it. */
export async function writeRuntimeRecord(file: string, record: RuntimeRecord): Promise<void> {
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, `${JSON.stringify(record)}\n`);
  await rename(partial, file);
}

export async function removeRuntimeRecord(file: string): Promise<void> {
  await rm(file, { force: true });
}

/**
 * Removes the runtime file only while it names this process as the owner: an engine this process started and
 * stopped never takes away the record of an engine another process started since (the API's, beside a CLI).
 */
export async function removeOwnRuntimeRecord(file: string): Promise<void> {
  const record = await readRuntimeRecord(file);
  const me = thisProcess();
  if (record && record.owner.pid === me.pid && record.owner.start === me.start) await removeRuntimeRecord(file);
}

/**
 * The runtime record of an engine another live process owns (for a CLI: the API), or null. While it is not null,
 * no other process may start an engine on that data folder: it waits for the owner's engine, or fails.
 */
export async function ownedElsewhere(file: string): Promise<RuntimeRecord | null> {
  const record = await readRuntimeRecord(file);
  return record !== null && record.owner.pid !== process.pid && stillRunning(record.owner) ? record : null;
}

/** The parent pid of a live process (/proc/<pid>/stat, field 4); null when it is gone. */
export function parentPid(pid: number): number | null {
  return statField(pid, 1);
}

/** The process group of a live process (/proc/<pid>/stat, field 5); null when it is gone or unreadable. */
export function processGroup(pid: number): number | null {
  return statField(pid, 2);
}

/** Field `3 + at` of /proc/<pid>/stat as a whole number (1: the parent pid, 2: the process group); null if none. */
function statField(pid: number, at: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const value = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[at]);
    return Number.isInteger(value) ? value : null;
  } catch {
    return null;
  }
}
