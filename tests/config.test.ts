import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';

describe('configuration', () => {
  it('has embedded defaults', () => {
    expect(parseConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      dataDir: path.resolve('.data'),
      logLevel: 'info',
      seedOnStart: true,
      meiliHost: undefined,
      meiliApiKey: undefined,
      meiliIndex: 'plateau',
      meiliMaxIndexingMemory: '256MiB',
      shutdownGraceSeconds: 30,
      statementTimeoutSeconds: 15,
    });
  });

  it('reads every variable', () => {
    const config = parseConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://u@db:5432/plateau',
      DATA_DIR: '/var/lib/plateau',
      LOG_LEVEL: 'warn',
      SEED_ON_START: 'false',
      MEILI_HOST: 'http://search:7700',
      MEILI_API_KEY: 'secret',
      MEILI_INDEX: 'plateau_staging',
      MEILI_MAX_INDEXING_MEMORY: '1GiB',
      SHUTDOWN_GRACE_SECONDS: '120',
      DATABASE_STATEMENT_TIMEOUT_SECONDS: '60',
    });
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://u@db:5432/plateau',
      dataDir: '/var/lib/plateau',
      logLevel: 'warn',
      seedOnStart: false,
      meiliHost: 'http://search:7700',
      meiliApiKey: 'secret',
      meiliIndex: 'plateau_staging',
      meiliMaxIndexingMemory: '1GiB',
      shutdownGraceSeconds: 120,
      statementTimeoutSeconds: 60,
    });
  });

  it('refuses bad values with a message naming each one', () => {
    const attempt = () =>
      parseConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x@y/z',
        LOG_LEVEL: 'loud',
        MEILI_HOST: 'search:7700',
        MEILI_INDEX: 'a b',
        SHUTDOWN_GRACE_SECONDS: 'soon',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(attempt).toThrow(/LOG_LEVEL/);
    expect(attempt).toThrow(/MEILI_HOST: must be an http:\/\/ or https:\/\/ URL/);
    expect(attempt).toThrow(/MEILI_INDEX: letters, digits, - and _ only/);
    expect(attempt).toThrow(/SHUTDOWN_GRACE_SECONDS/);
  });
});
