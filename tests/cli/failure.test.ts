// What the import CLIs say of a failure (src/cli/failure.ts): in words, never drizzle's « Failed query: … params: … ».
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DrizzleQueryError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { failureInWords, fileProblem } from '../../src/cli/failure.js';

/** A refusal as postgres.js gives it: its message, SQLSTATE and severity. */
const refusal = Object.assign(new Error('unsupported Unicode escape sequence'), {
  code: '22P05',
  severity: 'ERROR',
  detail: '\\u0000 cannot be converted to text.',
});

describe('failureInWords', () => {
  it('gives PostgreSQL’s message, not the statement and its values', () => {
    const params = [JSON.stringify([{ complement: 'x'.repeat(16_000) }])];
    const error = new DrizzleQueryError('insert into proceeding_notices select …', params, refusal);
    expect(error.message.length).toBeGreaterThan(16_000);
    expect(failureInWords(error)).toBe('PostgreSQL refused a statement: unsupported Unicode escape sequence');
    expect(failureInWords(refusal)).toBe('PostgreSQL refused a statement: unsupported Unicode escape sequence');
  });

  it('keeps the words of an error that already says where (a line), its cause PostgreSQL’s', () => {
    const error = new Error('line 12: new row for relation "sites" violates check constraint "x"', { cause: refusal });
    expect(failureInWords(error)).toBe('line 12: new row for relation "sites" violates check constraint "x"');
  });

  it('names the path of a file it could not read, and says why', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-failure-'));
    // Node names the path of a file not found (not that of a directory read: the CLIs check theirs first).
    const error = await readFile(path.join(dir, 'gone.csv')).catch((e: unknown) => e);
    expect(failureInWords(error)).toBe(`${path.join(dir, 'gone.csv')}: no such file`);
    expect(fileProblem(dir)).toBe(`${dir}: is a directory, not a file`);
    expect(fileProblem(path.join(dir, 'none.csv'))).toBe(`${path.join(dir, 'none.csv')}: no such file`);
    expect(fileProblem(path.join(dir, 'none.csv', 'x.csv'))).toBe(
      `${path.join(dir, 'none.csv', 'x.csv')}: no such file`,
    );
  });

  it('words values a schema refused by field, and cuts a long message at 1,000 characters', () => {
    // A CLI builds no app, so zod words the refusal itself: the app's words, which buildApp sets for the whole
    // process (src/app.ts) and an earlier test file of this worker may have set, are put aside meanwhile.
    const appWords = z.config().customError;
    z.config({ customError: undefined });
    try {
      const zod = z.object({ name: z.string().max(3) }).safeParse({ name: 'abcd' });
      expect(failureInWords(zod.error)).toBe('name: Too big: expected string to have <=3 characters');
    } finally {
      z.config({ customError: appWords });
    }
    const long = failureInWords(new Error('y'.repeat(1_500)));
    expect(long).toBe(`${'y'.repeat(1_000)}… (500 characters more with LOG_LEVEL=debug)`);
  });
});
