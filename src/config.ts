// The one place that reads the environment. Parsed once at start; a bad value
// stops the process with a message that names it.
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { issueInWords } from './domain/issues.js';
import type { Protection } from './plugins/protection.js';

/** A list separated by commas, blanks ignored. */
const commaList = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** `https://example.org` or `http://localhost:8080`: a scheme, a host, maybe a port, nothing more. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return /^https?:$/.test(url.protocol) && url.origin === value;
  } catch {
    return false;
  }
}

/** An address, a CIDR range, or one of proxy-addr's names (`loopback`, `linklocal`, `uniquelocal`). */
function isProxyAddress(value: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(value)) return true;
  const [address = '', bits, ...rest] = value.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}

/**
 * A number written in an environment variable: plain digits (a decimal part only where `decimals`), from `range.min`
 * to `range.max` (both included; every numeric setting has both, documented in the README's table), `fallback` when
 * unset. A value out of range is refused as written (`99999999999999999999`, not the float it would round to). Not
 * `z.coerce.number()`, which reads an empty value as 0 and `1e3` as 1000.
 */
function envNumber(range: { min: number; max: number }, fallback: number, decimals = false) {
  const written = decimals ? /^\d+(\.\d+)?$/ : /^\d+$/;
  return z
    .string()
    .trim()
    .regex(written, { error: (i) => `'${String(i.input)}' is not ${decimals ? 'a number' : 'a whole number'}` })
    .transform((value, context) => {
      const number = Number(value);
      const bound = number < range.min ? `at least ${range.min}` : number > range.max ? `at most ${range.max}` : null;
      if (bound !== null)
        context.issues.push({ code: 'custom', input: value, message: `is ${value}: must be ${bound}` });
      return number;
    })
    .default(fallback);
}

const milliseconds = (fallback: number) => envNumber({ min: 1, max: 3_600_000 }, fallback);

/** Bytes in one unit of MEILI_MAX_INDEXING_MEMORY (Meilisearch's own units: KB is 1000 bytes, KiB 1024). */
const sizeUnits: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
};

/** `256MiB` in bytes, or NaN when not written as a size. */
function sizeInBytes(value: string): number {
  const match = /^(\d+)\s*(B|KiB|MiB|GiB|KB|MB|GB)$/.exec(value);
  return match ? Number(match[1]) * (sizeUnits[match[2] ?? ''] ?? Number.NaN) : Number.NaN;
}

/**
 * Exports streaming at once unless configured (`MAX_CONCURRENT_EXPORTS`): eight, each with up to two connections of
 * its own (16 beside the pool's 10, well within PostgreSQL's default 100 for a few API processes), so that a newsroom's
 * simultaneous downloads are served (the fault suite runs five at once) while stalled ones cannot take every session.
 */
export const defaultMaxConcurrentExports = 8;
/** How long an export may stall on a client that reads nothing unless configured (`EXPORT_STALL_TIMEOUT_MS`), ms. */
export const defaultExportStallMs = 30_000;

/** The default bound of the detail cache (`DETAIL_CACHE_BYTES`): 16 MiB of entries. */
export const defaultDetailCacheBytes = 16 * 1024 * 1024;

const configSchema = z.object({
  PORT: envNumber({ min: 0, max: 65535 }, 3000),
  /** Loopback by default: a laptop does not publish its write API to its network. Production sets 0.0.0.0. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Use this PostgreSQL server (15 or newer) instead of the bundled one. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  /** Where the bundled servers keep their data. */
  DATA_DIR: z.string().min(1).default('./.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Use this Meilisearch server instead of the bundled one. */
  MEILI_HOST: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  MEILI_API_KEY: z.string().min(1).optional(),
  /** Name of the Meilisearch index (several deployments may share a server). */
  MEILI_INDEX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, { error: 'letters, digits, - and _ only' })
    .default('plateau'),
  /** Memory the bundled Meilisearch may use for indexing. */
  MEILI_MAX_INDEXING_MEMORY: z
    .string()
    .regex(/^\d+\s*(B|KiB|MiB|GiB|KB|MB|GB)$/, { error: 'a size such as 256MiB' })
    .refine((value) => sizeInBytes(value) >= 1024 ** 2 && sizeInBytes(value) <= 1024 ** 4, {
      error: 'from 1MiB to 1024GiB',
    })
    .default('256MiB'),
  /** Load seed-data/ into an empty database at start. */
  SEED_ON_START: z.stringbool().default(true),
  /** Requests per minute: reads per client address, writes per API key; 0 turns a limit off. */
  RATE_LIMIT_PER_MINUTE: envNumber({ min: 0, max: 1_000_000 }, 600),
  RATE_LIMIT_WRITES_PER_MINUTE: envNumber({ min: 0, max: 1_000_000 }, 120),
  /**
   * The directory's public address (`https://plateau.example.org`): the base of the permanent URLs the pages and
   * the Atom feed give. Unset: the address each request came by (its Host header).
   */
  PUBLIC_URL: z
    .string()
    .optional()
    .refine((value) => value === undefined || isOrigin(value), {
      error: 'an origin such as https://plateau.example.org (no path, no trailing slash)',
    }),
  /** Origins whose pages may write (any origin may read). */
  CORS_ORIGINS: z
    .string()
    .default('')
    .refine((value) => commaList(value).every(isOrigin), {
      error: 'origins separated by commas, such as https://example.org (no path, no trailing slash)',
    })
    .transform(commaList),
  /** Proxies whose X-Forwarded-For gives the client's address (rate limits count by it). */
  TRUST_PROXY: z
    .string()
    .default('false')
    .refine((value) => ['true', 'false'].includes(value) || commaList(value).every(isProxyAddress), {
      error: 'true, false, or addresses and CIDR ranges separated by commas',
    })
    .transform((value) => (value === 'true' ? true : value === 'false' ? false : commaList(value))),
  /** Largest request body, in bytes. */
  BODY_LIMIT_BYTES: envNumber({ min: 1, max: 1024 ** 3 }, 1_048_576),
  HEADERS_TIMEOUT_MS: milliseconds(10_000),
  REQUEST_TIMEOUT_MS: milliseconds(30_000),
  KEEP_ALIVE_TIMEOUT_MS: milliseconds(5_000),
  IDLE_TIMEOUT_MS: milliseconds(60_000),
  /** Load shedding: 503 above this mean event-loop delay, or this share of the heap limit; 0 turns it off. */
  MAX_EVENT_LOOP_DELAY_MS: envNumber({ min: 0, max: 3_600_000 }, 1000),
  MAX_HEAP_USED_PERCENT: envNumber({ min: 0, max: 100 }, 90, true),
  /** On SIGTERM or SIGINT, how long running requests (exports included) may take to finish. */
  SHUTDOWN_GRACE_SECONDS: envNumber({ min: 0, max: 3600 }, 30),
  /** A database statement of the API running longer is cancelled (503). */
  DATABASE_STATEMENT_TIMEOUT_SECONDS: envNumber({ min: 1, max: 3600 }, 15),
  /**
   * How long a CLI waits for a bundled engine the running API owns to answer (its supervisor may be restarting it)
   * before failing; it never starts a second engine on the same data folder.
   */
  ENGINE_WAIT_SECONDS: envNumber({ min: 1, max: 3600 }, 30),
  /**
   * Bytes of entries' JSON the detail routes keep in memory, each sent again while PostgreSQL's MVCC snapshot is
   * the one it was read under (db/snapshot-cache.ts); 0 keeps none.
   */
  DETAIL_CACHE_BYTES: envNumber({ min: 0, max: 4 * 1024 ** 3 }, defaultDetailCacheBytes),
  /** Exports streaming at once, each on a connection of its own apart from the pool; the next ones get 503 at once. */
  MAX_CONCURRENT_EXPORTS: envNumber({ min: 1, max: 100 }, defaultMaxConcurrentExports),
  /** An export whose client reads nothing for this long is cut off, its COPY or cursor ended. */
  EXPORT_STALL_TIMEOUT_MS: milliseconds(defaultExportStallMs),
});

/** What one variable cannot check alone (Node refuses a headers timeout longer than the request's). */
const checkedConfigSchema = configSchema.refine((e) => e.HEADERS_TIMEOUT_MS <= e.REQUEST_TIMEOUT_MS, {
  path: ['HEADERS_TIMEOUT_MS'],
  error: 'must not be longer than REQUEST_TIMEOUT_MS',
});

export type Env = z.infer<typeof configSchema>;

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: Env['LOG_LEVEL'];
  seedOnStart: boolean;
  meiliHost: string | undefined;
  meiliApiKey: string | undefined;
  meiliIndex: string;
  meiliMaxIndexingMemory: string;
  /** The public origin of permanent URLs (`PUBLIC_URL`), or undefined: each request's own. */
  publicUrl: string | undefined;
  protection: Protection;
  shutdownGraceSeconds: number;
  statementTimeoutSeconds: number;
  /** Bytes of entries' JSON the detail routes may keep in memory (`DETAIL_CACHE_BYTES`). */
  detailCacheBytes: number;
  /** Seconds a CLI waits for a bundled engine another live process owns to answer (`ENGINE_WAIT_SECONDS`). */
  engineWaitSeconds: number;
  /** Exports streaming at once (`MAX_CONCURRENT_EXPORTS`). */
  maxConcurrentExports: number;
  /** How long an export may wait on a client that reads nothing, in ms (`EXPORT_STALL_TIMEOUT_MS`). */
  exportStallMs: number;
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = checkedConfigSchema.safeParse(env, { error: issueInWords });
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = result.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    seedOnStart: e.SEED_ON_START,
    meiliHost: e.MEILI_HOST,
    meiliApiKey: e.MEILI_API_KEY,
    meiliIndex: e.MEILI_INDEX,
    meiliMaxIndexingMemory: e.MEILI_MAX_INDEXING_MEMORY,
    publicUrl: e.PUBLIC_URL,
    protection: {
      rateLimits: { readsPerMinute: e.RATE_LIMIT_PER_MINUTE, writesPerMinute: e.RATE_LIMIT_WRITES_PER_MINUTE },
      corsOrigins: e.CORS_ORIGINS,
      trustProxy: e.TRUST_PROXY,
      bodyLimit: e.BODY_LIMIT_BYTES,
      timeouts: {
        headersMs: e.HEADERS_TIMEOUT_MS,
        requestMs: e.REQUEST_TIMEOUT_MS,
        keepAliveMs: e.KEEP_ALIVE_TIMEOUT_MS,
        idleMs: e.IDLE_TIMEOUT_MS,
      },
      loadShedding: {
        maxEventLoopDelayMs: e.MAX_EVENT_LOOP_DELAY_MS,
        maxHeapUsedFraction: e.MAX_HEAP_USED_PERCENT / 100,
      },
    },
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    statementTimeoutSeconds: e.DATABASE_STATEMENT_TIMEOUT_SECONDS,
    detailCacheBytes: e.DETAIL_CACHE_BYTES,
    engineWaitSeconds: e.ENGINE_WAIT_SECONDS,
    maxConcurrentExports: e.MAX_CONCURRENT_EXPORTS,
    exportStallMs: e.EXPORT_STALL_TIMEOUT_MS,
  };
}

export class ConfigError extends Error {}

/** Reads process.env; nothing else in the code base does. */
export function loadConfig(): Config {
  return parseConfig(process.env);
}
