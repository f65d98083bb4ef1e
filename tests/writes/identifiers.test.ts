// Identifiers that tell one real thing (a site's SIRET, an operator's SIREN, a firm's SIRET): held by one entry the
// public may see, refused (409) to a second one by the write path and by the database itself.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { testSource } from '../setup/factories.js';
import { exampleCitations, type Send, anyVersion as star, testWriter } from '../setup/writer.js';

let db: Db;
let send: Send;
beforeAll(async () => {
  ({ db, send } = await testWriter());
});

const citations = [{ source: testSource, quote: 'Une fiche de test' }];

describe('one entry per SIRET or SIREN', () => {
  it('refuses a second site with a SIRET, however written, naming the first', async () => {
    const first = await send('POST', '/v1/sites', {
      name: 'Siret A',
      status: 'open',
      siret: '35600000000048',
      citations,
    });
    expect(first.statusCode, first.body).toBe(201);
    const second = await send('POST', '/v1/sites', { name: 'Siret B', siret: '356 000 000 00048', citations });
    expect(second.statusCode).toBe(409);
    expect(second.json().detail).toBe("siret: 35600000000048 is already the SIRET of 'siret-a'");
    expect((await db.execute(sql`select id from sites where siret = '35600000000048'`)).map((r) => r.id)).toEqual([
      'siret-a',
    ]);
    // A change giving it is refused the same way; the holder keeps it through its own changes.
    const other = await send('POST', '/v1/sites', { name: 'Siret C', citations });
    const patch = await send('PATCH', `/v1/sites/${other.json().id}`, { siret: '35600000000048', citations }, star);
    expect(patch.statusCode).toBe(409);
    expect(patch.json().detail).toBe("siret: 35600000000048 is already the SIRET of 'siret-a'");
    const own = await send(
      'PATCH',
      '/v1/sites/siret-a',
      { siret: '356 000 000 00048', name: 'Siret A2', citations },
      star,
    );
    expect(own.statusCode, own.body).toBe(200);
  });

  it('refuses a second operator with a SIREN, and a firm with a firm’s SIRET', async () => {
    expect(
      (await send('POST', '/v1/operators', { name: 'Siren ok', siren: '356 000 000', citations })).statusCode,
    ).toBe(201);
    const again = await send('POST', '/v1/operators', { name: 'Siren ok2', siren: '356000000', citations });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe("siren: 356000000 is already the SIREN of 'siren-ok'");
    // Another SIRET than the site's 'siret-a': one establishment is one entry, a site or a firm (text-controls.test.ts).
    const firm = { kind: 'firm', siret: '35600000001014', citations };
    expect((await send('POST', '/v1/mandataires', { name: 'Étude Une', ...firm })).statusCode).toBe(201);
    const twin = await send('POST', '/v1/mandataires', { name: 'Étude Deux', ...firm });
    expect(twin.statusCode).toBe(409);
    expect(twin.json().detail).toBe("siret: 35600000001014 is already the SIRET of 'etude-une'");
  });

  it('leaves a withheld entry’s SIRET free, and the database refuses a second shown holder', async () => {
    const hidden = await send('POST', '/v1/sites', { name: 'Siret caché', siret: '35600000049837', citations });
    await db.execute(sql`update sites set withheld = true where id = ${hidden.json().id}`);
    const shown = await send('POST', '/v1/sites', { name: 'Siret montré', siret: '35600000049837', citations });
    expect(shown.statusCode, shown.body).toBe(201);
    const direct = db.execute(sql`update sites set siret = '35600000049837' where id = 'siret-a'`);
    await expect(direct).rejects.toMatchObject({ cause: { code: '23505', constraint_name: 'sites_siret_shown_key' } });
  });

  it('still merges a duplicate whose SIRET the survivor lacks', async () => {
    const dup = await send('POST', '/v1/sites', { name: 'Doublon', siret: '35600000052135', citations });
    const survivor = await send('POST', '/v1/sites', { name: 'Survivant', citations });
    const merged = await send(
      'POST',
      `/v1/sites/${dup.json().id}/merge`,
      { into: survivor.json().id, citations },
      star,
    );
    expect(merged.statusCode, merged.body).toBe(200);
    // The SIRET left with the duplicate: the survivor may take it now.
    const taken = await send('PATCH', `/v1/sites/${survivor.json().id}`, { siret: '35600000052135', citations }, star);
    expect(taken.statusCode, taken.body).toBe(200);
  });
});

describe('identifiers INSEE attributes, of the right company (fault 09)', () => {
  const geo = exampleCitations('geo', 'Geo');

  it.each([
    [
      '/v1/operators',
      { name: 'Op D', kind: 'outsourcer', siren: '000000000' },
      'siren: 000000000 is not a SIREN: INSEE attributes none of zeros (a placeholder, not an identifier)',
    ],
    [
      '/v1/sites',
      { name: 'Siret zero', commune: 'Lens', status: 'open', siret: '00000000000000' },
      'siret: 00000000000000 is not a SIRET: INSEE attributes no SIREN of zeros (a placeholder, not an identifier)',
    ],
    [
      '/v1/mandataires',
      { name: 'Etude Zero', kind: 'firm', siret: '00000000000000' },
      'siret: 00000000000000 is not a SIRET: INSEE attributes no SIREN of zeros (a placeholder, not an identifier)',
    ],
  ])('refuses an identifier of zeros: POST %s', async (url, body, detail) => {
    const response = await send('POST', url, { ...body, citations: geo });
    expect(response.statusCode).toBe(422);
    expect(response.json().detail).toBe(detail);
  });

  it('refuses a site whose SIRET is of another SIREN than its operator’s, however written', async () => {
    const op = await send('POST', '/v1/operators', {
      name: 'Op Siren A',
      kind: 'outsourcer',
      siren: '732829320',
      citations: geo,
    });
    expect(op.statusCode, op.body).toBe(201);
    const mismatch =
      'siret: 35600000060005 is an establishment of the SIREN 356000000, not of ' +
      "'op-siren-a' (SIREN 732829320): a SIRET begins with its legal unit's SIREN";
    const site = { name: 'Siret mismatch', operator: 'op-siren-a', commune: 'Lens', status: 'open' };
    const created = await send('POST', '/v1/sites', { ...site, siret: '35600000060005', citations: geo });
    expect(created.statusCode).toBe(422);
    expect(created.json().detail).toBe(mismatch);
    // Its own SIREN's establishment is taken; a change of operator or SIRET is checked the same way.
    const own = await send('POST', '/v1/sites', { ...site, siret: '73282932000074', citations: geo });
    expect(own.statusCode, own.body).toBe(201);
    const loose = await send('POST', '/v1/sites', { name: 'Siret loose', siret: '35600000060005', citations: geo });
    expect(loose.statusCode, loose.body).toBe(201);
    const moved = await send('PATCH', `/v1/sites/${loose.json().id}`, { operator: 'op-siren-a', citations: geo }, star);
    expect(moved.statusCode).toBe(422);
    expect(moved.json().detail).toBe(mismatch);
    // An operator given a SIREN its sites' SIRETs do not begin with is refused too.
    const bare = await send('POST', '/v1/operators', { name: 'Op Siren B', kind: 'outsourcer', citations: geo });
    expect(bare.statusCode, bare.body).toBe(201);
    const siteOfB = await send('POST', '/v1/sites', {
      name: 'Site of B',
      operator: 'op-siren-b',
      siret: '35600000060014',
      citations: geo,
    });
    expect(siteOfB.statusCode, siteOfB.body).toBe(201);
    const siren = await send('PATCH', '/v1/operators/op-siren-b', { siren: '542107651', citations: geo }, star);
    expect(siren.statusCode).toBe(422);
    expect(siren.json().detail).toBe(
      "siren: its site 'site-of-b' has the SIRET 35600000060014, of another SIREN: a SIRET begins with its legal " +
        "unit's SIREN",
    );
    // Merging B into A would give A's SIREN to B's site: refused.
    const merge = await send('POST', '/v1/operators/op-siren-b/merge', { into: 'op-siren-a', citations: geo }, star);
    expect(merge.statusCode).toBe(409);
    expect(merge.json().detail).toBe(
      "into: once merged, 'op-siren-a' would have the SIREN 732829320, and its site 'site-of-b' has the SIRET " +
        "35600000060014, of another SIREN: a SIRET begins with its legal unit's SIREN",
    );
    // La Poste's establishments (their own check rule) under La Poste's SIREN ('siren-ok', above) are its own.
    const patched = await send('PATCH', '/v1/sites/site-of-b', { operator: 'siren-ok', citations: geo }, star);
    expect(patched.statusCode, patched.body).toBe(200);
  });
});
