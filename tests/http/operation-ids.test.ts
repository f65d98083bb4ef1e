// Every operation of the committed OpenAPI document is written where its
// route is: its operation id stands in src/ as a literal string, so that
// `grep -rn "getSiteHistory" src/` finds the route.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openapiPath } from '../../src/openapi-document.js';

const src = path.resolve(import.meta.dirname, '../../src');

/** The text of every TypeScript file under src/. */
async function sources(): Promise<string[]> {
  const files = await readdir(src, { recursive: true });
  return Promise.all(files.filter((f) => f.endsWith('.ts')).map((f) => readFile(path.join(src, f), 'utf8')));
}

const document = JSON.parse(await readFile(openapiPath, 'utf8')) as {
  paths: Record<string, Record<string, { operationId: string }>>;
};
const operationIds = Object.values(document.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
const texts = await sources();

describe('operation ids', () => {
  it('are found in the document, one per operation, none twice', () => {
    expect(operationIds.length).toBeGreaterThan(50);
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  it.each(operationIds)('%s is written as a literal string in src/', (operationId) => {
    const quoted = [`'${operationId}'`, `"${operationId}"`];
    expect(texts.some((text) => quoted.some((q) => text.includes(q)))).toBe(true);
  });
});
