// The seed files and article texts, for tests that compare the API with them.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

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
