// The Atom feed reads the changes of the entries a search found (up to 1,000) through the indexes, one probe each,
// whatever the number of changes stored (verify52 fault 01: a join on an OR read changes_entity_idx by id alone, the
// whole index walked for each entry: 10 s for a feed at 53,000 changes). The plan is read at 20,000 changes, with the
// planner's statistics, and the feed's answer is checked against each entry's own history.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { changesOf, changesQuery } from '../../src/pages/data.js';
import { testApp } from '../setup/app.js';

let db: Db;

type PlanNode = { 'Node Type': string; 'Index Name'?: string; 'Relation Name'?: string; Plans?: PlanNode[] };

/** The nodes of a JSON plan, depth first. */
const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

const entries = Array.from({ length: 1_000 }, (_, n) => ({ kind: 'site', id: `feed-plan-${n}` }));

beforeAll(async () => {
  ({ db } = await testApp());
  // 20,000 changes: five updates of each of 4,000 sites (the ids the feed asks for among them), and one merge of an
  // absorbed site into feed-plan-7.
  await db.execute(sql`
    insert into changes (entity_kind, entity_id, action, actor, position)
    select 'site', 'feed-plan-' || (n % 4000), 'update', 'test', null
      from generate_series(0, 19999) n`);
  await db.execute(sql`
    insert into changes (entity_kind, entity_id, action, actor, merged_into)
    values ('site', 'feed-plan-absorbed', 'merge', 'test', 'feed-plan-7')`);
  await db.execute(sql`analyze changes`);
}, 120_000);

describe("the Atom feed's changes of the entries found", () => {
  it('are read through changes_entity_idx and changes_merged_into_idx, never by a scan of changes', async () => {
    const [row] = await db.execute<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      sql`explain (format json) ${changesQuery(entries, 50)}`,
    );
    const found = nodes(row!['QUERY PLAN'][0].Plan);
    const onChanges = found.filter((n) => n['Relation Name'] === 'changes' || n['Index Name']?.startsWith('changes'));
    expect(onChanges.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    expect([...new Set(onChanges.map((n) => n['Index Name']).filter(Boolean))].sort()).toEqual([
      'changes_entity_idx',
      'changes_merged_into_idx',
    ]);
  });

  it('are the newest of those entries, newest first, the merge into one of them among them', async () => {
    const newest = await changesOf(db, [{ kind: 'site', id: 'feed-plan-7' }], 50);
    const expected = await db.execute<{ id: string }>(sql`
      select c.id::text as id from changes c
       where c.entity_kind = 'site' and (c.entity_id = 'feed-plan-7' or c.merged_into = 'feed-plan-7')
       order by c.id desc`);
    expect(newest.map((c) => String(c.id))).toEqual(expected.map((r) => r.id));
    expect(newest[0]).toMatchObject({ entity_id: 'feed-plan-absorbed', action: 'merge' });
    const many = await changesOf(db, entries, 50);
    expect(many.length).toBe(50);
    const ids = many.map((c) => Number(c.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });
});
