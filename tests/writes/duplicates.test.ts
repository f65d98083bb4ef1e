// One entry per real thing: invisible characters refused in names and folded when names are compared (fault 07), a
// change that makes a duplicate refused as the create is (fault 19), an officer named by name is the person already
// so named (fault 08), each duplicate check a look-up of indexes, never a scan of the table (verify30 fault 06).
import { sql, TransactionRollbackError } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { batchCandidatesQuery, candidatesQuery, DuplicateCandidates, duplicateOf } from '../../src/writes/ids.js';
import { getJson, testApp } from '../setup/app.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let send: Awaited<ReturnType<typeof writer>>;
const citations = [{ source: { url: 'https://x.example/geo', title: 'Geo', outlet: 'O' }, quote: 'q' }];
const star = { 'if-match': '*' };

beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db);
});

const site = (name: string) => ({ name, operator: 'ipg', commune: 'Lens', status: 'open', citations });

describe('invisible format characters (Unicode Cf)', () => {
  it.each([
    ['Name\u200b', 'U+200B'],
    ['Bidi\u202eevil', 'U+202E'],
    ['\ufeffName', 'U+FEFF'],
    ['Name\u2066x\u2069', 'U+2066'],
  ])('refuses %j in a name, naming the field', async (name, code) => {
    const response = await send('POST', '/v1/sites', site(name));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { in: 'body', name: 'name', message: `must not contain ${code}, an invisible format character (Unicode Cf)` },
    ]);
  });

  it('keeps a soft hyphen, and compares names without it; the 409 names the words as they are', async () => {
    const first = await send('POST', '/v1/sites', site('Name'));
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().id).toBe('name-lens');
    for (const twin of ['Name\u00ad', 'Name\u00a0', 'Na\u00adme']) {
      const again = await send('POST', '/v1/sites', site(twin));
      expect(again.statusCode, twin).toBe(409);
      expect(again.json().detail).toBe(
        "A site named 'Name' in Lens exists: 'name-lens'. Change it, or give another name.",
      );
    }
    // A quote is verbatim: it may hold what a one-line field may not.
    const quoted = await send('POST', '/v1/sites', {
      ...site('Quoted'),
      citations: [{ ...citations[0], quote: 'a\u200bb' }],
    });
    expect(quoted.statusCode, quoted.body).toBe(201);
  });
});

describe('a change that makes a duplicate (fault 19)', () => {
  it('refuses a rename to another operator’s name, naming it', async () => {
    const op = await send('POST', '/v1/operators', { name: 'Op Rename', kind: 'outsourcer', citations });
    expect(op.statusCode, op.body).toBe(201);
    const renamed = await send('PATCH', '/v1/operators/op-rename', { name: 'Teleperformance', citations }, star);
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json().detail).toBe(
      "An operator named 'Teleperformance' exists: 'teleperformance'. Merge the two instead ('op-rename' into " +
        "'teleperformance'), or give another name.",
    );
    // Its own name written otherwise is no duplicate of itself.
    const own = await send('PATCH', '/v1/operators/op-rename', { name: 'Op  Rename', citations }, star);
    expect(own.statusCode, own.body).toBe(200);
    // Another's name in capitals is that name: case is no difference (accents are: « Cafe » is not « Café »).
    const shouted = await send('PATCH', '/v1/operators/op-rename', { name: 'TELEPERFORMANCE', citations }, star);
    expect(shouted.statusCode, shouted.body).toBe(409);
    const created = await send('POST', '/v1/operators', { name: 'teleperformance', kind: 'outsourcer', citations });
    expect(created.statusCode, created.body).toBe(409);
  });

  it('refuses a site renamed or moved into another’s words, and a create of a renamed entry’s words', async () => {
    for (const name of ['Siret mismatch', 'Siret zero']) {
      expect((await send('POST', '/v1/sites', site(name))).statusCode).toBe(201);
    }
    const renamed = await send('PATCH', '/v1/sites/siret-zero-lens', { name: 'Siret mismatch', citations }, star);
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json().detail).toBe(
      "A site named 'Siret mismatch' in Lens exists: 'siret-mismatch-lens'. Merge the two instead " +
        "('siret-zero-lens' into 'siret-mismatch-lens'), or give another name.",
    );
    const elsewhere = await send('POST', '/v1/sites', { ...site('Siret mismatch'), commune: 'Arras' });
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    const moved = await send('PATCH', `/v1/sites/${elsewhere.json().id}`, { commune: 'Lens', citations }, star);
    expect(moved.statusCode).toBe(409);
    expect(moved.json().detail).toContain("exists: 'siret-mismatch-lens'");
    // An entry renamed keeps its id: a create of its new words is its duplicate all the same.
    expect(
      (await send('PATCH', '/v1/sites/siret-zero-lens', { name: 'Renamed site', citations }, star)).statusCode,
    ).toBe(200);
    const create = await send('POST', '/v1/sites', site('Renamed site'));
    expect(create.statusCode).toBe(409);
    expect(create.json().detail).toBe(
      "A site named 'Renamed site' in Lens exists: 'siret-zero-lens'. Change it, or give another name.",
    );
  });

  // A create with an explicit id is held to the same rule as one without (the lead's policy): its words another
  // entry's are the same 409, naming it; two entries of two SIRETs are still two things.
  it('refuses a create with an explicit id of another entry’s words, naming it; two SIRETs are two sites', async () => {
    const operator = await send('POST', '/v1/operators', {
      id: 'teleperformance-bis',
      name: 'TELEPERFORMANCE',
      kind: 'outsourcer',
      citations,
    });
    expect(operator.statusCode).toBe(409);
    expect(operator.json().detail).toBe(
      "An operator named 'TELEPERFORMANCE' exists: 'teleperformance'. Change it, or give another name.",
    );
    const { operator: _, ...withoutOperator } = site('Deux établissements');
    const first = await send('POST', '/v1/sites', { ...withoutOperator, siret: '35600000049837' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().id).toBe('deux-etablissements-lens');
    const unidentified = await send('POST', '/v1/sites', { ...withoutOperator, id: 'deux-c' });
    expect(unidentified.statusCode).toBe(409);
    expect(unidentified.json().detail).toBe(
      "A site named 'Deux établissements' in Lens exists: 'deux-etablissements-lens'. Change it, or give another name.",
    );
    expect((await app.inject({ url: '/v1/sites/deux-c' })).statusCode).toBe(404);
    const second = await send('POST', '/v1/sites', { ...withoutOperator, id: 'deux-b', siret: '35600000052135' });
    expect(second.statusCode, second.body).toBe(201);
  });

  it.each([
    ['/v1/clubs', { kind: 'regional_club' }],
    ['/v1/mandataires', { kind: 'firm' }],
  ])('refuses a rename into another entry’s name: %s', async (url, extra) => {
    const a = await send('POST', url, { name: `Dup A ${extra.kind}`, ...extra, citations });
    const b = await send('POST', url, { name: `Dup B ${extra.kind}`, ...extra, citations });
    expect([a.statusCode, b.statusCode], a.body + b.body).toEqual([201, 201]);
    const renamed = await send('PATCH', `${url}/${b.json().id}`, { name: `Dup A ${extra.kind}`, citations }, star);
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json().detail).toContain(`exists: '${a.json().id}'. Merge the two instead`);
  });

  it('refuses a proceeding changed into another’s company, kind and date', async () => {
    const body = { company_name: 'Dup SA', kind: 'liquidation_judiciaire', date: '2020-01-02', citations };
    expect((await send('POST', '/v1/proceedings', body)).statusCode).toBe(201);
    const other = await send('POST', '/v1/proceedings', { ...body, date: '2020-01-03' });
    expect(other.statusCode, other.body).toBe(201);
    const changed = await send('PATCH', `/v1/proceedings/${other.json().id}`, { date: '2020-01-02', citations }, star);
    expect(changed.statusCode).toBe(409);
    expect(changed.json().detail).toMatch(
      /^A proceeding of 'Dup SA' \(liquidation judiciaire, 2020-01-02\) exists: '[a-z0-9-]+'\. Merge the two instead/,
    );
  });
});

describe('an officer named by name (fault 08)', () => {
  const source = 'en-contact-spotlight-14-clubs-regionaux-relation-client';
  const quote = 'Son président, un peu trop inamovible au goût de certains (Fabrice Mabru)';

  it('is the person already so named, and the same officer again is a 409', async () => {
    const byName = await send('POST', '/v1/clubs/cprc-rhone-alpes/officers', {
      person: { name: 'Fabrice  Mabru' },
      title: 'président',
      current: true,
      citation: { source, quote },
    });
    expect(byName.statusCode).toBe(409);
    expect(byName.json().detail).toMatch(
      /^The club 'cprc-rhone-alpes' already names 'fabrice-mabru' président, from the same source and quote: officer role \d+\.$/,
    );
    const club = await getJson(app, '/v1/clubs/cprc-rhone-alpes');
    const mabru = club.body.officers.filter((o: { person_id: string }) => o.person_id.startsWith('fabrice-mabru'));
    expect(mabru.map((o: { person_id: string }) => o.person_id)).toEqual(['fabrice-mabru']);
    // Another title of the same person is that person's.
    const other = await send('POST', '/v1/clubs/cprc-rhone-alpes/officers', {
      person: { name: 'Fabrice Mabru' },
      title: 'fondateur',
      current: null,
      citation: { source, quote },
    });
    expect(other.statusCode, other.body).toBe(201);
    expect(other.json().person_id).toBe('fabrice-mabru');
    // The name in capitals, or in another case, is the same person.
    for (const name of ['FABRICE MABRU', 'FABRICE  mabru']) {
      const shouted = await send('POST', '/v1/clubs/cprc-rhone-alpes/officers', {
        person: { name },
        title: 'président',
        current: true,
        citation: { source, quote },
      });
      expect(shouted.statusCode, name).toBe(409);
    }
  });
});

describe('the duplicate check, index look-ups (verify30 fault 06: a scan of the table per create and rename)', () => {
  type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] };
  const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];
  const operators = { name: 'operator', tableName: 'operators' };

  it('finds the duplicate by its slug variant (`base-2`) and by its name in another case', async () => {
    expect((await send('POST', '/v1/operators', { name: 'Cafe Twin', kind: 'outsourcer', citations })).statusCode).toBe(
      201,
    );
    const accented = await send('POST', '/v1/operators', { name: 'Café Twin', kind: 'outsourcer', citations });
    expect(accented.statusCode, accented.body).toBe(201);
    expect(accented.json().id).toBe('cafe-twin-2');
    // By the slug variant alone (no name to look up), and by the name's lookup key in capitals.
    expect(await duplicateOf(db, operators, 'Café Twin', (row) => String(row.name))).toBe('cafe-twin-2');
    const shouted = await send('POST', '/v1/operators', { name: 'CAFÉ TWIN', kind: 'outsourcer', citations });
    expect(shouted.statusCode).toBe(409);
    expect(shouted.json().detail).toBe(
      "An operator named 'CAFÉ TWIN' exists: 'cafe-twin-2'. Change it, or give another name.",
    );
  });

  it('reads 3,000 operators through their indexes (a BitmapOr), no Seq Scan of the table', async () => {
    let plan: PlanNode[] = [];
    // Rows of their own, rolled back with their statistics: the other tests of the file see the seed's.
    await db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into operators (id, name, kind)
          select 'masse-' || k, 'MASSE ' || k, 'outsourcer' from generate_series(1, 3000) k`);
        await tx.execute(sql`analyze operators`);
        const query = candidatesQuery(operators, 'Masse 123', { column: 'name', value: 'masse 123' });
        const [row] = await tx.execute<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(sql`explain (format json) ${query}`);
        plan = nodes(row!['QUERY PLAN'][0].Plan);
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof TransactionRollbackError)) throw error;
      });
    expect(plan.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
    expect(plan.map((n) => n['Node Type'])).toContain('BitmapOr');
    expect(plan.flatMap((n) => n['Index Name'] ?? []).sort()).toEqual([
      'operators_id_prefix_idx',
      'operators_name_lookup_idx',
      'operators_pkey',
    ]);
  });

  it("reads a batch's candidates in one query (issue 9: an import's renames, one query a row), as each its own", async () => {
    const found: Record<string, string[] | null> = {};
    const own: Record<string, string[]> = {};
    let plan: PlanNode[] = [];
    await db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into operators (id, name, kind)
          select 'masse-' || k, 'MASSE ' || k, 'outsourcer' from generate_series(1, 3000) k`);
        await tx.execute(sql`insert into operators (id, name, kind) values ('masse-12-2', 'Masse 12', 'outsourcer'),
          ('renamed-since', 'masse  7', 'outsourcer')`);
        await tx.execute(sql`analyze operators`);
        const asked = [
          { words: 'Masse 12', name: 'Masse 12' },
          { words: 'Masse 7', name: 'MASSE 7' },
          { words: 'Nothing Like It', name: 'Nothing Like It' },
        ];
        const candidates = await DuplicateCandidates.read(tx, operators, 'name', asked);
        for (const { words, name } of asked) {
          found[words] =
            candidates
              .of(words, name)
              ?.map((r) => r.id)
              .sort() ?? null;
          const rows = await tx.execute<{ id: string }>(
            candidatesQuery(operators, words, { column: 'name', value: name }),
          );
          own[words] = rows.map((r) => r.id).sort();
        }
        // Words or a name the batch did not read are not answered from it.
        found.unread = candidates.of('Masse 13', 'Masse 13')?.map((r) => r.id) ?? null;
        const many = Array.from({ length: 500 }, (_, k) => `Masse ${k}`);
        const query = batchCandidatesQuery(
          operators,
          'name',
          many.map((w) => w.toLowerCase().replace(' ', '-')),
          many,
        );
        const [row] = await tx.execute<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(sql`explain (format json) ${query}`);
        plan = nodes(row!['QUERY PLAN'][0].Plan);
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof TransactionRollbackError)) throw error;
      });
    expect(found).toEqual({
      'Masse 12': ['masse-12', 'masse-12-2'],
      'Masse 7': ['masse-7', 'renamed-since'],
      'Nothing Like It': [],
      unread: null,
    });
    expect(own).toEqual({ 'Masse 12': found['Masse 12'], 'Masse 7': found['Masse 7'], 'Nothing Like It': [] });
    expect(plan.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'operators')).toEqual([]);
    expect([...new Set(plan.flatMap((n) => n['Index Name'] ?? []))].sort()).toEqual([
      'operators_id_prefix_idx',
      'operators_name_lookup_idx',
      'operators_pkey',
    ]);
  });
});
