// A practitioner's name is matched with its words in their order read as a circle: the first names and the surname
// written either way round are one name, the same words in another order are not (verify31 fault 10: « Pierre-Jean
// Martin », « Jean Martin-Pierre » and « Martin Pierre Jean » were linked to « Jean-Pierre Martin »).
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { personKey } from '../../src/open-data/bodacc/text.js';
import { getJson, testApp } from '../setup/app.js';
import { liquidationNotice as notice } from '../setup/bodacc.js';

const actor = { keyId: null, name: 'import:bodacc test' };

let app: App;
let db: Db;
let dir: string;
beforeAll(async () => {
  ({ app, db } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-bodacc-name-order-'));
});

const designation = (person: string) =>
  `Jugement d'ouverture d'une procédure de liquidation judiciaire, désignant liquidateur SELARL Alpha Liquidations prise en la personne de Me ${person} 3 rue Thiers 38000 Grenoble.`;
const quote = (person: string) =>
  `désignant liquidateur SELARL Alpha Liquidations prise en la personne de Me ${person} 3 rue Thiers 38000 Grenoble`;

describe('personKey', () => {
  it('is one key for a name written either way round, another for its words in another order', () => {
    expect(personKey('MARTIN Jean-Pierre')).toBe(personKey('Jean-Pierre Martin'));
    expect(personKey('DE LA TOUR D’AUBIN Pierre-Henri')).toBe(personKey("Pierre Henri de La Tour d'Aubin"));
    for (const other of ['Pierre-Jean Martin', 'Jean Martin-Pierre', 'Martin Pierre Jean'])
      expect(personKey(other)).not.toBe(personKey('Jean-Pierre Martin'));
  });
});

describe('import:bodacc, the same words in another order', () => {
  it('links the name written either way round and reports the others, nothing linked', async () => {
    const file = path.join(dir, 'order.jsonl');
    const notices = [
      await notice(1, '732829320', designation('Jean-Pierre Martin')),
      await notice(2, '552100554', designation('Jean Martin-Pierre')),
      await notice(3, '542065479', designation('Pierre-Jean Martin')),
      await notice(4, '542107651', designation('Martin Pierre Jean')),
      await notice(5, '443061841', designation('MARTIN Jean-Pierre')),
    ];
    await writeFile(file, notices.join('\n'));
    const report = await importBodacc(db, { file, actor });
    expect(report.applied).toBe(true);
    expect(report.practitioners).toMatchObject({ created: 1, unlinked: 3 });
    const reason = (person: string) =>
      `'${person}' has the words of 'Jean-Pierre Martin' (jean-pierre-martin) in another order: another name, or the same one miswritten`;
    // The report lists them in the order of the companies' SIRENs.
    expect([...report.uncertain].sort((a, b) => (a.line ?? 0) - (b.line ?? 0))).toEqual(
      [
        [2, 'Jean Martin-Pierre'],
        [3, 'Pierre-Jean Martin'],
        [4, 'Martin Pierre Jean'],
      ].map(([n, person]) => ({
        line: n,
        notice: `A20250700170${n}`,
        field: 'jugement.complementJugement',
        quote: quote(person as string),
        reason: reason(person as string),
      })),
    );
    const { body } = await getJson(app, '/v1/mandataires/jean-pierre-martin');
    expect((body.proceedings as { company_name: string }[]).map((p) => p.company_name).sort()).toEqual([
      'CONTACT 1',
      'CONTACT 5',
    ]);
  });
});
