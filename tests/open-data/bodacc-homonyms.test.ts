// Two practitioners of one name: a designation naming the one entry of that name, but another firm and another city,
// may be someone else (reported, nothing linked); one that differs by its firm or by its city alone is the same
// person (a partner who moved, an office of the firm), linked.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { MandataireIndex } from '../../src/open-data/bodacc/matching.js';
import { getJson, testApp } from '../setup/app.js';
import { liquidationNotice as notice } from '../setup/bodacc.js';

const actor = { keyId: null, name: 'import:bodacc test' };

let app: App;
let db: Db;
let dir: string;
beforeAll(async () => {
  ({ app, db } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bodacc-homonyms-'));
});

const designation = (firm: string, address: string) =>
  `Jugement d'ouverture d'une procédure de liquidation judiciaire, désignant liquidateur ${firm} prise en la personne de Me Paul Durand ${address}.`;

describe('import:bodacc, a name the directory holds once', () => {
  it('does not link a designation of another firm in another city to it, and reports it', async () => {
    const lyon = designation('SELARL Test Mandataires', '10 rue de la République 69002 Lyon');
    const brest = designation('SELARL Ouest Liquidations', '4 rue de Siam 29200 Brest');
    const office = designation('SELARL Test Mandataires', '2 quai de la Fosse 44000 Nantes');
    const first = path.join(dir, 'lyon.jsonl');
    await writeFile(first, await notice(1, '732829320', lyon));
    expect((await importBodacc(db, { file: first, actor })).practitioners.created).toBe(1);
    const file = path.join(dir, 'homonyms.jsonl');
    await writeFile(file, [await notice(2, '552100554', brest), await notice(3, '542065479', office)].join('\n'));
    const report = await importBodacc(db, { file, actor });
    expect(report.applied).toBe(true);
    expect(report.practitioners).toMatchObject({ created: 0, unlinked: 1 });
    expect(report.uncertain).toEqual([
      {
        line: 1,
        notice: 'A202507001702',
        field: 'jugement.complementJugement',
        quote:
          'désignant liquidateur SELARL Ouest Liquidations prise en la personne de Me Paul Durand 4 rue de Siam 29200 Brest',
        reason:
          "'Paul Durand' of SELARL Ouest Liquidations, Brest may be 'Paul Durand' (paul-durand) of SELARL Test Mandataires, Lyon: the same name, another firm and another city",
      },
    ]);
    const { body } = await getJson(app, '/v1/mandataires/paul-durand');
    // The Lyon designation, and the Nantes one of the same firm: the same person.
    expect((body.proceedings as { company_name: string }[]).map((p) => p.company_name).sort()).toEqual([
      'CONTACT 1',
      'CONTACT 3',
    ]);
  });
});

describe('matching a name the directory holds once', () => {
  const index = new MandataireIndex([
    { id: 'selarl-test', name: 'SELARL Test Mandataires', kind: 'firm', firm_id: null, commune: 'Lyon' },
    {
      id: 'paul-durand',
      name: 'Paul Durand',
      kind: 'practitioner',
      firm_id: 'selarl-test',
      commune: 'Lyon',
      secondary_offices: ['Saint-Étienne'],
    },
  ]);
  const known = { status: 'known', id: 'paul-durand' };

  it('links it when the firm or the city agrees, or one of them is not known', () => {
    expect(index.person({ person: 'Paul Durand', firm: 'SELARL Test Mandataires', city: 'Brest' })).toEqual(known);
    expect(index.person({ person: 'DURAND Paul', firm: 'SCP Ouest', city: 'Lyon' })).toEqual(known);
    expect(index.person({ person: 'Paul Durand', firm: 'SCP Ouest', city: 'Saint-Etienne' })).toEqual(known);
    expect(index.person({ person: 'Paul Durand', firm: null, city: 'Brest' })).toEqual(known);
    expect(index.person({ person: 'Paul Durand', firm: 'SCP Ouest', city: null })).toEqual(known);
  });

  it('links nothing when both the firm and the city differ, and says why (an entry being created by its placeholder, which the import resolves)', () => {
    const creating = new MandataireIndex([
      { id: 'new:0', name: 'SELARL Test Mandataires', kind: 'firm', firm_id: null, commune: 'Lyon' },
      { id: 'new:1', name: 'Paul Durand', kind: 'practitioner', firm_id: 'new:0', commune: 'Lyon' },
    ]);
    expect(creating.person({ person: 'Paul Durand', firm: 'SCP Ouest', city: 'Brest' })).toEqual({
      status: 'uncertain',
      reason:
        "'Paul Durand' of SCP Ouest, Brest may be 'Paul Durand' (new:1) of SELARL Test Mandataires, Lyon: the same name, another firm and another city",
    });
    expect(index.person({ person: 'Paul Durand', firm: 'SCP Ouest', city: 'Brest' })).toEqual({
      status: 'uncertain',
      reason:
        "'Paul Durand' of SCP Ouest, Brest may be 'Paul Durand' (paul-durand) of SELARL Test Mandataires, Lyon: the same name, another firm and another city",
    });
  });
});
