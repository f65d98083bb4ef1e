// The seed files and article texts, for tests that compare the API with them.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import { getJson } from './app.js';

export const seed = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../seed-data/${name}.json`, import.meta.url), 'utf8'));

export const sources: { id: string; title: string; file: string }[] = seed('sources');
export const articles = new Map(
  sources.map((s) => [s.id, readFileSync(new URL(`../../seed-data/articles/${s.file}`, import.meta.url), 'utf8')]),
);
export const titles = new Map(sources.map((s) => [s.id, s.title]));

/** The quote is in the text of the source it names, character for character. */
export function expectVerbatim(item: { source_id: string; quote: string }) {
  const text = articles.get(item.source_id);
  expect(text, `source ${item.source_id}`).toBeDefined();
  expect(text!.includes(item.quote), `« ${item.quote} » in ${item.source_id}`).toBe(true);
}

/** Ids of a list page, sorted (for set comparisons) or as served. */
export const ids = (body: { data: { id: string }[] }) => body.data.map((r) => r.id).sort();
export const ordered = (body: { data: { id: string }[] }) => body.data.map((r) => r.id);

/** A body's citation: its source named and titled, the quote and the fields it supports. */
interface Citation {
  source_id: string;
  quote: string;
}

/**
 * Reads each seeded entry of `plural` (`GET /v1/<plural>/<id>`) and checks that it answers 200 with as many
 * citations as its seed file gives, each of the citation shape (its source's title from seed-data/sources.json) and
 * quoting its source character for character; then the sourced facts `facts` picks from the body (officers,
 * affiliations, people…) verbatim too.
 */
export async function expectSeededCitationsVerbatim(
  app: App,
  plural: string,
  seeded: { id: string; citations: unknown[] }[],
  // biome-ignore lint/suspicious/noExplicitAny: a detail body of any kind
  facts: (body: any) => Citation[] = () => [],
) {
  for (const entry of seeded) {
    const { status, body } = await getJson(app, `/v1/${plural}/${entry.id}`);
    expect(status, entry.id).toBe(200);
    expect(body.citations.length, entry.id).toBeGreaterThan(0);
    expect(body.citations, entry.id).toHaveLength(entry.citations.length);
    for (const c of body.citations as Citation[]) {
      expect(c).toEqual({
        source_id: expect.any(String),
        source_title: titles.get(c.source_id),
        source_published_on: expect.toBeOneOf([expect.any(String), null]),
        quote: expect.any(String),
        fields: expect.any(Array),
        added_at: expect.any(String),
      });
      expectVerbatim(c);
    }
    for (const fact of facts(body)) expectVerbatim(fact);
  }
}
