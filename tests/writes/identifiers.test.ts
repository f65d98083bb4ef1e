// Identifiers that tell one real thing (a site's SIRET, an operator's SIREN, a firm's SIRET): held by one entry the
// public may see, refused (409) to a second one by the write path and by the database itself.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { testApp } from '../setup/app.js';
import { testSource } from '../setup/factories.js';
import { writer } from '../setup/writer.js';

let app: App;
let db: Db;
let send: Awaited<ReturnType<typeof writer>>;
beforeAll(async () => {
  ({ app, db } = await testApp());
  send = await writer(app, db);
});

const star = { 'if-match': '*' };
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
    const firm = { kind: 'firm', siret: '35600000000048', citations };
    expect((await send('POST', '/v1/mandataires', { name: 'Étude Une', ...firm })).statusCode).toBe(201);
    const twin = await send('POST', '/v1/mandataires', { name: 'Étude Deux', ...firm });
    expect(twin.statusCode).toBe(409);
    expect(twin.json().detail).toBe("siret: 35600000000048 is already the SIRET of 'etude-une'");
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
      {
        'if-match': '*',
      },
    );
    expect(merged.statusCode, merged.body).toBe(200);
    // The SIRET left with the duplicate: the survivor may take it now.
    const taken = await send('PATCH', `/v1/sites/${survivor.json().id}`, { siret: '35600000052135', citations }, star);
    expect(taken.statusCode, taken.body).toBe(200);
  });
});
