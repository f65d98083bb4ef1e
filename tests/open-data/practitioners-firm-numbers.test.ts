// Firms whose names hold digits (« SELARL MJ 2 », « SCP BTSG 2 », « SELARL V39 MJ 0 », « SELARL 2M Associés »): read
// as firms' names, where a number after a firm's name used to be taken for its address and the designation reported
// as not read; digits that start an address (« 12 bis allées », « 4/6, rue », « 59000 Lille », « 3 Le Forum 59000 »)
// still end the name (tests/fixtures/bodacc/practitioners.firm-numbers.json, counted by npm run eval:practitioners).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { extractPractitioners } from '../../src/open-data/bodacc/practitioners.js';
import { liquidationNotice as notice } from '../setup/bodacc.js';
import { testDatabase } from '../setup/database.js';

type Case = { id: string; text: string; expected: { role: string; person: string; firm: string; city: string }[] };
const { cases } = JSON.parse(await readFile('tests/fixtures/bodacc/practitioners.firm-numbers.json', 'utf8')) as {
  cases: Case[];
};

describe('the reader, a firm whose name holds digits', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s: reads role, person, firm and city as labelled', (_, c) => {
    const reading = extractPractitioners(c.text);
    expect(reading.practitioners.map((p) => ({ role: p.role, person: p.name, firm: p.firm, city: p.city }))).toEqual(
      c.expected,
    );
    expect(reading.uncertain).toEqual([]);
  });

  it('quotes the firm with its number, its address apart', () => {
    const [read] = extractPractitioners(
      "Jugement d'ouverture d'une procédure de liquidation judiciaire, désignant liquidateur SELARL MJ 2 10 rue de la " +
        'Paix 75002 Paris prise en la personne de Me Thibault Garnier.',
    ).practitioners;
    expect([read!.firm, read!.postalCode, read!.city, read!.quote]).toEqual([
      'SELARL MJ 2',
      '75002',
      'Paris',
      'désignant liquidateur SELARL MJ 2 10 rue de la Paix 75002 Paris prise en la personne de Me Thibault Garnier',
    ]);
  });

  it('keeps a number before a profession, not before a street with no street word', () => {
    const read = (text: string) =>
      extractPractitioners(`Jugement d'ouverture, désignant liquidateur ${text}.`).practitioners.map((p) => p.firm);
    expect(read('SELARL MJ 2 mandataires judiciaires prise en la personne de Me Jean Dupont')).toEqual([
      'SELARL MJ 2 mandataires judiciaires',
    ]);
    // « 7 Mail Roosevelt »: an address whose street has no word the reader knows: nothing read, reported.
    const mail = extractPractitioners(
      "Jugement d'ouverture, désignant liquidateur SELARL Dupont 7 Mail Roosevelt prise en la personne de Me Jean Dupont.",
    );
    expect(mail.practitioners).toEqual([]);
    expect(mail.uncertain.map((u) => u.reason)).toEqual([
      'a role followed by a firm or a title whose person cannot be read',
    ]);
  });
});

describe('npm run import:bodacc, a firm whose name holds digits', () => {
  it('links the designation and makes the firm, apart from the firm without the number', async () => {
    const { db } = (await testDatabase()).database;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-firm-numbers-'));
    const designation = (firm: string, person: string) =>
      `Jugement d'ouverture d'une procédure de liquidation judiciaire, désignant liquidateur ${firm} prise en la personne de Me ${person} 3 place Bellecour 69002 Lyon.`;
    const file = path.join(dir, 'notices.jsonl');
    await writeFile(
      file,
      [
        await notice(1, '542065479', designation('SELARL V39 MJ 0', 'Armand Pelletier')),
        await notice(2, '552100554', designation('SELARL MJ 2', 'Thibault Garnier')),
        await notice(3, '732829320', designation('SELARL MJ', 'Odile Ferrand')),
      ].join('\n'),
    );
    const report = await importBodacc(db, { file, actor: { keyId: null, name: 'import:bodacc test' } });
    expect(report.uncertain).toEqual([]);
    expect(report.practitioners).toMatchObject({ linked: 3, unlinked: 0, created: 3, firmsCreated: 3 });
    const rows = await db.execute(sql`
      select m.name, f.name as firm from mandataires m join mandataires f on f.id = m.firm_id order by m.name`);
    expect([...rows]).toEqual([
      { name: 'Armand Pelletier', firm: 'SELARL V39 MJ 0' },
      { name: 'Odile Ferrand', firm: 'SELARL MJ' },
      { name: 'Thibault Garnier', firm: 'SELARL MJ 2' },
    ]);
  });
});
