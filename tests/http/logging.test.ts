import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { testSearchOptions } from '../setup/app.js';
import { withContractCheck } from '../setup/contract.js';
import { testDatabase } from '../setup/database.js';

let app: App;
const lines: string[] = [];
beforeAll(async () => {
  const { url } = await testDatabase();
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  app = withContractCheck(
    await buildApp({ databaseUrl: url, logLevel: 'info', logStream: stream, search: testSearchOptions() }),
  );
  await app.ready();
});
afterAll(() => app.close());

describe('logs', () => {
  it('are JSON lines carrying the request id the response gives', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/sites?limit=1',
      headers: { 'x-request-id': 'trace-me-1' },
    });
    expect(response.headers['x-request-id']).toBe('trace-me-1');
    const entries = lines.map((l) => JSON.parse(l) as { reqId?: string; msg: string });
    const mine = entries.filter((e) => e.reqId === 'trace-me-1');
    expect(mine.map((e) => e.msg)).toEqual(['incoming request', 'request completed']);
  });
});
