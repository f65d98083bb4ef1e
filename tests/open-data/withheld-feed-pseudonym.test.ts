// Fault 08 (verify40): a site Sirene made has an id of its enseigne and SIRET (`allo-nord-81234567600017`); once
// withheld (a newer stock says P), the change feed still named it by that id in its create and withhold changes,
// publishing the name and SIRET INSEE says are not to be. The feed names a withheld entry by a pseudonym (SHA-256 of
// its kind and id), which a partner holding the id computes, and so does every change naming it.
import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { toChangeEntry, withheldPseudonym, withoutWithheldData } from '../../src/history/read.js';
import { getJson, testApp } from '../setup/app.js';
import { feedCaughtUp } from '../setup/feed.js';
import { importFixtures, stockCsv, writeEditedStock } from '../setup/sirene.js';

let app: App;
let db: Db;
let dir: string;
const allo = 'allo-nord-81234567600017';
/** `withheld-` and the first 32 hexadecimal digits of sha256('site:allo-nord-81234567600017'). */
const alloPseudonym = 'withheld-3ece4203effe37053fcefdde339affb2';

beforeAll(async () => {
  ({ app, db } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-withheld-feed-'));
  await importFixtures(db, stockCsv, { stockMonth: '2026-05' });
  const june = await writeEditedStock(path.join(dir, 'stock-2026-06.csv'), '2026-06', {
    '81234567600017': { statutDiffusionEtablissement: 'P' },
  });
  await importFixtures(db, june);
});

/** Every change of the feed, page after page. */
async function wholeFeed(): Promise<Record<string, unknown>[]> {
  await feedCaughtUp(app, db);
  const all: Record<string, unknown>[] = [];
  for (let since = 0; ; ) {
    const { body } = await getJson(app, `/v1/changes?since=${since}&limit=100`);
    all.push(...body.data);
    if (!body.has_more) return all;
    since = body.next_since;
  }
}

describe('the change feed, of an entry withheld now', () => {
  it('names it by its pseudonym, never by its id made of its enseigne and SIRET', async () => {
    expect(withheldPseudonym('site', allo)).toBe(alloPseudonym);
    expect(createHash('sha256').update(`site:${allo}`).digest('hex').slice(0, 32)).toBe(alloPseudonym.slice(9));
    const feed = await wholeFeed();
    const text = JSON.stringify(feed);
    expect(text).not.toContain('81234567600017');
    expect(text).not.toContain(allo);
    expect(
      feed
        .filter((c) => c.entity_id === alloPseudonym)
        .map(({ action, entity_kind, entity_id, before, after, citations, changed_fields, merged_into }) => ({
          action,
          entity_kind,
          entity_id,
          before,
          after,
          citations,
          changed_fields,
          merged_into,
        })),
    ).toEqual(
      ['create', 'withhold'].map((action) => ({
        action,
        entity_kind: 'site',
        entity_id: alloPseudonym,
        before: null,
        after: null,
        citations: [],
        changed_fields: [],
        merged_into: null,
      })),
    );
  });

  it('puts the pseudonym wherever another change names the withheld entry', async () => {
    const change = toChangeEntry({
      id: 1,
      entity_kind: 'site',
      entity_id: 'callweb-amiens',
      at: new Date('2026-06-01T00:00:00Z'),
      action: 'merge',
      actor: 'test',
      api_key_id: null,
      before: { id: 'callweb-amiens', clients: [{ operator_id: allo }], name: 'Callweb Amiens' },
      after: null,
      citations: [],
      merged_into: allo,
      position: 1,
    } as Parameters<typeof toChangeEntry>[0]);
    const [shown] = await withoutWithheldData(db, [change], ['site', 'operator']);
    expect(shown).toMatchObject({
      entity_id: 'callweb-amiens',
      before: { id: 'callweb-amiens', clients: [{ operator_id: alloPseudonym }], name: 'Callweb Amiens' },
      merged_into: alloPseudonym,
    });
  });

  it('answers 410 to the id the client sends, its history not shown', async () => {
    const detail = await app.inject({ method: 'GET', url: `/v1/sites/${allo}/history` });
    expect(detail.statusCode).toBe(410);
  });
});
