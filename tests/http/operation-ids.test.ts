// Every operation of the committed OpenAPI document is written where its
// route is: its operation id stands in src/ as a literal string, so that
// `grep -rn "getSiteHistory" src/` finds the route. A HEAD operation is its
// GET's, answered without the body (Fastify answers HEAD for every GET):
// @fastify/swagger names it after the GET, `getSite-head`.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openapiPath } from '../../src/paths.js';

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
const heads = Object.entries(document.paths).flatMap(([path, p]) =>
  p.head ? [[path, p.head.operationId, p.get?.operationId] as const] : [],
);
const texts = await sources();

describe('operation ids', () => {
  it('are found in the document, one per operation, none twice', () => {
    expect(operationIds.length).toBeGreaterThan(50);
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  it.each(operationIds.filter((id) => !id.endsWith('-head')))(
    '%s is written as a literal string in src/',
    (operationId) => {
      const quoted = [`'${operationId}'`, `"${operationId}"`];
      expect(texts.some((text) => quoted.some((q) => text.includes(q)))).toBe(true);
    },
  );

  it('HEAD is documented for every GET, named after it', () => {
    const gets = Object.values(document.paths).filter((p) => p.get).length;
    expect(heads).toHaveLength(gets);
    for (const [path, head, get] of heads) expect([path, head]).toEqual([path, `${get}-head`]);
  });
});
