// Fault 04 of verify38: a proceeding's opening imported in a later file than its plan and clôture.
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { getJson, testApp } from '../setup/app.js';
import { feedCaughtUp } from '../setup/feed.js';

const dir = 'tests/fixtures/bodacc/verify38';
const actor = { keyId: null, name: 'import:bodacc test' };

describe('a proceeding whose opening comes after its plan and clôture', () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await testApp());
    await importBodacc(db, { file: `${dir}/annonces-3-corrections-first.csv`, actor });
    await importBodacc(db, { file: `${dir}/annonces-4-targets.csv`, actor });
  });

  const changesOf = async (url: string) => {
    const { status, body } = await getJson(app, url);
    expect(status, JSON.stringify(body)).toBe(200);
    return body.data.map((c: { action: string; actor: string; merged_into: string | null }) => [
      c.action,
      c.actor,
      c.merged_into,
    ]);
  };

  it('records the proceeding made without its opening as merged into the opening’s, oldest first (fault 04)', async () => {
    expect(await changesOf('/v1/proceedings/bodacc-a202601017101/history')).toEqual([
      ['create', 'import:bodacc test', null],
    ]);
    // The merged id's own history, oldest first: made by the first file, merged by the second.
    expect(await changesOf('/v1/proceedings/bodacc-a202601148501/history')).toEqual([
      ['create', 'import:bodacc test', null],
      ['merge', 'import:bodacc test', 'bodacc-a202601017101'],
    ]);
  });

  it('tells the change feed it was merged, never withdrawn', async () => {
    await feedCaughtUp(app, db);
    const { body } = await getJson(app, '/v1/changes?limit=100');
    const its = body.data.filter((c: { entity_id: string }) => c.entity_id === 'bodacc-a202601148501');
    expect(its.map((c: { action: string; merged_into: string | null }) => [c.action, c.merged_into])).toEqual([
      ['create', null],
      ['merge', 'bodacc-a202601017101'],
    ]);
  });
});
