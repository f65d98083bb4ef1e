// The one place that reads the environment. Parsed once at start; a bad value
// stops the process with a message that names it.
import path from 'node:path';
import { z } from 'zod';

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
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
    .default('256MiB'),
  /** Load seed-data/ into an empty database at start. */
  SEED_ON_START: z.stringbool().default(true),
  /** On SIGTERM or SIGINT, how long running requests (exports included) may take to finish. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** A database statement of the API running longer is cancelled (503). */
  DATABASE_STATEMENT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
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
  shutdownGraceSeconds: number;
  statementTimeoutSeconds: number;
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
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
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    statementTimeoutSeconds: e.DATABASE_STATEMENT_TIMEOUT_SECONDS,
  };
}

export class ConfigError extends Error {}

/** Reads process.env; nothing else in the code base does. */
export function loadConfig(): Config {
  return parseConfig(process.env);
}
