import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';

describe('configuration', () => {
  it('has embedded defaults', () => {
    expect(parseConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: path.resolve('.data'),
      logLevel: 'info',
      seedOnStart: true,
      meiliHost: undefined,
      meiliApiKey: undefined,
      meiliIndex: 'plateau',
      meiliMaxIndexingMemory: '256MiB',
      protection: expect.any(Object),
      shutdownGraceSeconds: 30,
      statementTimeoutSeconds: 15,
      detailCacheBytes: 16 * 1024 * 1024,
      engineWaitSeconds: 30,
      maxConcurrentExports: 8,
      exportStallMs: 30_000,
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
      DETAIL_CACHE_BYTES: '0',
      ENGINE_WAIT_SECONDS: '2',
      MAX_CONCURRENT_EXPORTS: '2',
      EXPORT_STALL_TIMEOUT_MS: '5000',
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
      protection: expect.any(Object),
      shutdownGraceSeconds: 120,
      statementTimeoutSeconds: 60,
      detailCacheBytes: 0,
      engineWaitSeconds: 2,
      maxConcurrentExports: 2,
      exportStallMs: 5000,
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
    expect(attempt).toThrow(/PORT: 'eighty' is not a whole number/);
    expect(attempt).toThrow(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(attempt).toThrow(/LOG_LEVEL: 'loud' is not one of fatal, error, warn, info, debug, trace, silent/);
    expect(attempt).toThrow(/MEILI_HOST: must be an http:\/\/ or https:\/\/ URL/);
    expect(attempt).toThrow(/MEILI_INDEX: letters, digits, - and _ only/);
    expect(attempt).toThrow(/SHUTDOWN_GRACE_SECONDS: 'soon' is not a whole number/);
  });
});

describe('configuration of the protections', () => {
  it('has defaults: 600 reads and 120 writes a minute, no writing origin, 1 MiB bodies, short timeouts', () => {
    expect(parseConfig({}).protection).toEqual({
      rateLimits: { readsPerMinute: 600, writesPerMinute: 120 },
      corsOrigins: [],
      trustProxy: false,
      bodyLimit: 1_048_576,
      timeouts: { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000, idleMs: 60_000 },
      loadShedding: { maxEventLoopDelayMs: 1000, maxHeapUsedFraction: 0.9 },
    });
  });

  it('reads every variable', () => {
    const { protection } = parseConfig({
      RATE_LIMIT_PER_MINUTE: '1000',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
      CORS_ORIGINS: 'https://journal.example.org, http://localhost:5173',
      TRUST_PROXY: '10.0.0.0/8,loopback,2001:db8::1',
      BODY_LIMIT_BYTES: '65536',
      HEADERS_TIMEOUT_MS: '2000',
      REQUEST_TIMEOUT_MS: '4000',
      KEEP_ALIVE_TIMEOUT_MS: '61000',
      IDLE_TIMEOUT_MS: '9000',
      MAX_EVENT_LOOP_DELAY_MS: '0',
      MAX_HEAP_USED_PERCENT: '75',
    });
    expect(protection).toEqual({
      rateLimits: { readsPerMinute: 1000, writesPerMinute: 0 },
      corsOrigins: ['https://journal.example.org', 'http://localhost:5173'],
      trustProxy: ['10.0.0.0/8', 'loopback', '2001:db8::1'],
      bodyLimit: 65536,
      timeouts: { headersMs: 2000, requestMs: 4000, keepAliveMs: 61000, idleMs: 9000 },
      loadShedding: { maxEventLoopDelayMs: 0, maxHeapUsedFraction: 0.75 },
    });
    expect(parseConfig({ TRUST_PROXY: 'true' }).protection.trustProxy).toBe(true);
    expect(parseConfig({ PUBLIC_URL: 'https://plateau.example.org' }).publicUrl).toBe('https://plateau.example.org');
    expect(parseConfig({}).publicUrl).toBeUndefined();
    expect(() => parseConfig({ PUBLIC_URL: 'https://plateau.example.org/annuaire/' })).toThrow(
      /PUBLIC_URL: an origin such as https:\/\/plateau.example.org/,
    );
  });

  it('refuses bad values with a message naming each one', () => {
    const attempt = () =>
      parseConfig({
        RATE_LIMIT_PER_MINUTE: '-1',
        RATE_LIMIT_WRITES_PER_MINUTE: 'many',
        CORS_ORIGINS: 'https://journal.example.org/,example.org',
        TRUST_PROXY: '10.0.0.0/40',
        BODY_LIMIT_BYTES: '0',
        IDLE_TIMEOUT_MS: '0',
        MAX_HEAP_USED_PERCENT: '120',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/RATE_LIMIT_PER_MINUTE: '-1' is not a whole number/);
    expect(attempt).toThrow(/RATE_LIMIT_WRITES_PER_MINUTE: 'many' is not a whole number/);
    expect(attempt).toThrow(/CORS_ORIGINS: origins separated by commas, such as https:\/\/example.org/);
    expect(attempt).toThrow(/TRUST_PROXY: true, false, or addresses and CIDR ranges separated by commas/);
    expect(attempt).toThrow(/BODY_LIMIT_BYTES: is 0: must be at least 1/);
    expect(attempt).toThrow(/IDLE_TIMEOUT_MS: is 0: must be at least 1/);
    expect(attempt).toThrow(/MAX_HEAP_USED_PERCENT: is 120: must be at most 100/);
  });

  it('reads numbers written in plain digits only: not empty, not in exponent form', () => {
    expect(() => parseConfig({ PORT: '' })).toThrow(/PORT: '' is not a whole number/);
    expect(() => parseConfig({ HEADERS_TIMEOUT_MS: '1e3' })).toThrow(/HEADERS_TIMEOUT_MS: '1e3' is not a whole number/);
    const config = parseConfig({ PORT: ' 8080 ', MAX_HEAP_USED_PERCENT: '85.5' });
    expect(config.port).toBe(8080);
  });

  it('refuses every number above its maximum, as written, at start', () => {
    const attempt = () =>
      parseConfig({
        PORT: '65536',
        RATE_LIMIT_PER_MINUTE: '1000001',
        RATE_LIMIT_WRITES_PER_MINUTE: '99999999999999999999',
        BODY_LIMIT_BYTES: '1073741825',
        HEADERS_TIMEOUT_MS: '3600001',
        MAX_EVENT_LOOP_DELAY_MS: '9007199254740993',
        MAX_HEAP_USED_PERCENT: '100.5',
        SHUTDOWN_GRACE_SECONDS: '3601',
        DATABASE_STATEMENT_TIMEOUT_SECONDS: '0',
        DETAIL_CACHE_BYTES: '99999999999999999999',
        MEILI_MAX_INDEXING_MEMORY: '99999999999999999999GiB',
        MAX_CONCURRENT_EXPORTS: '101',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT: is 65536: must be at most 65535\n/);
    expect(attempt).toThrow(/RATE_LIMIT_PER_MINUTE: is 1000001: must be at most 1000000\n/);
    expect(attempt).toThrow(/RATE_LIMIT_WRITES_PER_MINUTE: is 99999999999999999999: must be at most 1000000\n/);
    expect(attempt).toThrow(/BODY_LIMIT_BYTES: is 1073741825: must be at most 1073741824\n/);
    expect(attempt).toThrow(/HEADERS_TIMEOUT_MS: is 3600001: must be at most 3600000\n/);
    expect(attempt).toThrow(/MAX_EVENT_LOOP_DELAY_MS: is 9007199254740993: must be at most 3600000\n/);
    expect(attempt).toThrow(/MAX_HEAP_USED_PERCENT: is 100.5: must be at most 100\n/);
    expect(attempt).toThrow(/MAX_CONCURRENT_EXPORTS: is 101: must be at most 100$/m);
    expect(attempt).toThrow(/SHUTDOWN_GRACE_SECONDS: is 3601: must be at most 3600\n/);
    expect(attempt).toThrow(/DATABASE_STATEMENT_TIMEOUT_SECONDS: is 0: must be at least 1\n/);
    expect(attempt).toThrow(/DETAIL_CACHE_BYTES: is 99999999999999999999: must be at most 4294967296$/m);
    expect(attempt).toThrow(/MEILI_MAX_INDEXING_MEMORY: from 1MiB to 1024GiB\n/);
    expect(() => parseConfig({ MEILI_MAX_INDEXING_MEMORY: '1023KiB' })).toThrow(/MEILI_MAX_INDEXING_MEMORY: from 1MiB/);
    const largest = parseConfig({
      DETAIL_CACHE_BYTES: '4294967296',
      MEILI_MAX_INDEXING_MEMORY: '1024GiB',
      PORT: '65535',
    });
    expect([largest.detailCacheBytes, largest.meiliMaxIndexingMemory, largest.port]).toEqual([
      4294967296,
      '1024GiB',
      65535,
    ]);
  });

  it('refuses a headers timeout longer than the request timeout (Node would not start)', () => {
    expect(() => parseConfig({ HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '4000' })).toThrow(
      /HEADERS_TIMEOUT_MS: must not be longer than REQUEST_TIMEOUT_MS/,
    );
  });
});
