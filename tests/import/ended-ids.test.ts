// An id whose entry ended is told by how it ended, wherever it is refused: merged into '<survivor>', deleted, or
// withheld (merged into an entry withheld since: the survivor is then not named). `npm run import`, a write of the
// id itself and a merge's `into` alike; against a real database.

import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { siteWrites } from '../../src/modules/sites/writes.js';
import { setWithheld } from '../../src/writes/withhold.js';
import { testApp } from '../setup/app.js';
import { createSite } from '../setup/factories.js';
import { actor, dryRunRejections, importFile, quote, source } from '../setup/import.js';
import { anyVersion, type Send, writer } from '../setup/writer.js';

let app: App;
let db: Db;
let send: Send;
let dir: string;
/** Merged into `survivor`; deleted; merged into `hiddenSurvivor`, withheld since. */
const ids = { merged: '', survivor: '', deleted: '', mergedHidden: '', hiddenSurvivor: '' };
/** When `deleted` was deleted, as its tombstone says. */
let deletedAt = '';
const citations = [{ source, quote }];

beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db);
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-ended-ids-'));
  for (const key of Object.keys(ids) as (keyof typeof ids)[]) ids[key] = (await createSite(db)).id;
  for (const [from, into] of [
    [ids.merged, ids.survivor],
    [ids.mergedHidden, ids.hiddenSurvivor],
  ]) {
    const merged = await send('POST', `/v1/sites/${from}/merge`, { into, citations }, anyVersion);
    expect(merged.statusCode).toBe(200);
  }
  expect((await send('DELETE', `/v1/sites/${ids.deleted}`, undefined, anyVersion)).statusCode).toBe(204);
  await setWithheld(db, actor, siteWrites.spec.target, [ids.hiddenSurvivor], true);
  const gone = await app.inject({ method: 'GET', url: `/v1/sites/${ids.deleted}` });
  deletedAt = /was deleted on (\S+)\.$/.exec(gone.json().detail)?.[1] ?? '';
  expect(deletedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
});

const row = (id: string) => ({ id, name: `Plateau ${id}`, commune: 'Amiens', status: 'open', citations });
const withheld = (id: string) =>
  `The site '${id}' is withheld: INSEE's Sirene says it is not to be published (statutDiffusion P).`;

describe('an ended id, refused', () => {
  it('by npm run import: merged into its survivor, deleted, or withheld, never « deleted » for a merge', async () => {
    const rows = [row(ids.merged), row(ids.deleted), row(ids.mergedHidden)];
    expect(await dryRunRejections(db, path.join(dir, 'ended.jsonl'), rows)).toEqual([
      [
        1,
        [
          {
            in: 'row',
            name: 'id',
            message:
              `The site '${ids.merged}' was merged into '${ids.survivor}'. Ids are never reused: a row with the id ` +
              `'${ids.survivor}' changes it.`,
          },
        ],
      ],
      [
        2,
        [
          {
            in: 'row',
            name: 'id',
            message: `The site '${ids.deleted}' was deleted on ${deletedAt}. Ids are never reused.`,
          },
        ],
      ],
      [3, [{ in: 'row', name: 'id', message: `${withheld(ids.mergedHidden)} Ids are never reused.` }]],
    ]);
  });

  // verify9 fault 06: a row changing one column (a partner's correction file) was told « name: is missing ».
  it('by npm run import, a row changing some columns only, or with a bad value: the same words as a whole row', async () => {
    const partial = (id: string) => ({ id, notes: 'note', citations });
    const rows = [
      partial(ids.merged),
      partial(ids.deleted),
      { id: ids.deleted, status: 'ouvert' },
      partial(ids.mergedHidden),
    ];
    expect(await dryRunRejections(db, path.join(dir, 'ended-partial.jsonl'), rows)).toEqual([
      [
        1,
        [
          {
            in: 'row',
            name: 'id',
            message:
              `The site '${ids.merged}' was merged into '${ids.survivor}'. Ids are never reused: a row with the id ` +
              `'${ids.survivor}' changes it.`,
          },
        ],
      ],
      [
        2,
        [
          {
            in: 'row',
            name: 'id',
            message: `The site '${ids.deleted}' was deleted on ${deletedAt}. Ids are never reused.`,
          },
        ],
      ],
      [
        3,
        [
          {
            in: 'row',
            name: 'id',
            message: `The site '${ids.deleted}' was deleted on ${deletedAt}. Ids are never reused.`,
          },
        ],
      ],
      [4, [{ in: 'row', name: 'id', message: `${withheld(ids.mergedHidden)} Ids are never reused.` }]],
    ]);
  });

  it('by npm run import of a CSV correction file: the line and the words of the ended id', async () => {
    const file = path.join(dir, 'ended-update.csv');
    await writeFile(file, `id;notes;citation_source;citation_quote\n${ids.deleted};note;${source};${quote}\n`);
    const summary = await importFile(db, file, { skipInvalid: true, dryRun: true });
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [
        2,
        [
          {
            in: 'row',
            name: 'id',
            message: `The site '${ids.deleted}' was deleted on ${deletedAt}. Ids are never reused.`,
          },
        ],
      ],
    ]);
  });

  it('by a write of the id itself: 410 naming the survivor of a merge, never a withheld one', async () => {
    const patch = (id: string) => send('PATCH', `/v1/sites/${id}`, { name: 'Nouveau nom', citations }, anyVersion);
    const merged = await patch(ids.merged);
    expect([merged.statusCode, merged.json().detail]).toEqual([
      410,
      `The site '${ids.merged}' was merged into '${ids.survivor}'.`,
    ]);
    const hidden = await patch(ids.mergedHidden);
    expect([hidden.statusCode, hidden.json().detail]).toEqual([410, withheld(ids.mergedHidden)]);
    expect(JSON.stringify(hidden.json())).not.toContain(ids.hiddenSurvivor);
  });

  it('by a create taking the id: 409 telling how its entry ended, a withheld survivor never named', async () => {
    const create = async (id: string) => (await send('POST', '/v1/sites', row(id))).json();
    const taken = (id: string) => `The id '${id}' is taken (ids are never reused, even after a delete)`;
    expect((await create(ids.merged)).detail).toBe(
      `${taken(ids.merged)}: the site '${ids.merged}' was merged into '${ids.survivor}'.`,
    );
    expect((await create(ids.deleted)).detail).toBe(
      `${taken(ids.deleted)}: the site '${ids.deleted}' was deleted on ${deletedAt}.`,
    );
    expect((await create(ids.mergedHidden)).detail).toBe(`${taken(ids.mergedHidden)}.`);
  });

  it('as the survivor of a merge: an id merged into a withheld entry is unknown, its survivor not named', async () => {
    const other = (await createSite(db)).id;
    const into = async (id: string) =>
      (await send('POST', `/v1/sites/${other}/merge`, { into: id, citations }, anyVersion)).json();
    expect((await into(ids.deleted)).detail).toBe(`into: The site '${ids.deleted}' was deleted on ${deletedAt}.`);
    const hidden = await into(ids.mergedHidden);
    expect([hidden.status, hidden.detail]).toEqual([422, `into: unknown site '${ids.mergedHidden}'`]);
    expect(JSON.stringify(hidden)).not.toContain(ids.hiddenSurvivor);
  });
});
