// A phone number is read, never guessed (verify30 fault 20): a number without its country code is French, written
// as the French dial it (0 and nine digits), and valid for its region by libphonenumber-js's own metadata; six
// digits such as « 2017-13 » are not a Saint-Pierre-et-Miquelon number (+508). One reading for the API, `npm run
// import` and `import:practitioners` (domain/identifiers.ts `parsePhone`).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { displayPhone, parsePhone } from '../../src/domain/identifiers.js';
import { kindImporter } from '../../src/import/importer.js';
import { runImport } from '../../src/import/run.js';
import { createKey } from '../../src/keys/api-keys.js';
import { findKind } from '../../src/kinds.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { testApp } from '../setup/app.js';
import { actor } from '../setup/import.js';

let app: App;
let db: Db;
let key: string;
let dir: string;
beforeAll(async () => {
  ({ app, db } = await testApp());
  key = (await createKey(db, { name: 'Téléphone test', scope: 'write' })).key;
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-phone-'));
});

const source = 'en-contact-2017-04-26-fin-de-partie-ipg';
let made = 0;
const post = (phone: string) =>
  app.inject({
    method: 'POST',
    url: '/v1/mandataires',
    headers: { authorization: `Bearer ${key}` },
    payload: {
      name: `Ph Test ${++made}`,
      kind: 'practitioner',
      phone,
      citations: [{ source, quote: 'IPG Contacts Services est une deuxième entité', fields: ['phone'] }],
    },
  });

const notPhones = ['2017-13', '201713', '20 17 13', '2017 13', '2099-99', '123456', '12-34-56', '2024', '00 00 00'];

describe('the API', () => {
  it.each(notPhones)('refuses %j with a 422 naming phone', async (phone) => {
    const response = await post(phone);
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      { in: 'body', name: 'phone', message: `'${phone}' is not a phone number` },
    ]);
  });

  it.each([
    ['+33 1 44 55 66 77', '+33144556677', '01 44 55 66 77'],
    ['0033 1 44 55 66 77', '+33144556677', '01 44 55 66 77'],
    ['+33 (0)1 44 55 66 77', '+33144556677', '01 44 55 66 77'],
    ['01.44.55.66.77', '+33144556677', '01 44 55 66 77'],
    ['0262 30 12 34', '+262262301234', '0262 30 12 34'],
    ['0269 61 12 34', '+262269611234', '0269 61 12 34'],
    ['0590 27 12 34', '+590590271234', '0590 27 12 34'],
    ['+590 590 27 12 34', '+590590271234', '0590 27 12 34'],
    ['0694 20 12 34', '+594694201234', '0694 20 12 34'],
    ['+508 41 12 34', '+508411234', '+508 41 12 34'],
  ])('takes %j as %s, shown %s', async (phone, e164, national) => {
    const response = await post(phone);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ phone: e164, phone_national: national });
  });
});

describe('parsePhone', () => {
  it.each([...notPhones, '144556677', '41 12 34'])('reads no number in %j', (text) =>
    expect(parsePhone(text)).toBeNull(),
  );
  it('shows a Saint-Pierre-et-Miquelon number with its country code, not as a French national one', () =>
    expect(displayPhone('+508411234')).toBe('+508 41 12 34'));
});

describe('the imports', () => {
  it('import:practitioners refuses « 2026-11 » as a telephone, at its line', async () => {
    const fixture = await readFile('tests/fixtures/practitioners/practitioners.csv', 'utf8');
    const [header, first] = fixture.split('\n');
    const columns = header!.split(';');
    const cells = first!.split(';');
    cells[columns.indexOf('telephone')] = '2026-11';
    const file = path.join(dir, 'phone-date.csv');
    await writeFile(file, `${header}\n${cells.join(';')}\n`);
    const report = await importPractitioners(db, { file, actor, dryRun: true });
    expect(report.rejected).toEqual([
      { line: 2, errors: [{ field: 'telephone', message: "'2026-11' is not a phone number" }] },
    ]);
  });

  it('npm run import refuses « 2017-13 » as a phone, at its line', async () => {
    const file = path.join(dir, 'mandataires.jsonl');
    const row = { id: 'ph-imp', name: 'Ph Import', kind: 'practitioner', phone: '2017-13' };
    await writeFile(
      file,
      JSON.stringify({ ...row, citations: [{ source, quote: 'IPG Contacts Services est une deuxième entité' }] }),
    );
    const summary = await runImport(db, await kindImporter(db, findKind('mandataires')!), {
      file,
      format: 'jsonl',
      actor,
      dryRun: true,
    });
    expect(summary.rejected.map((r) => [r.line, r.errors])).toEqual([
      [1, [{ in: 'row', name: 'phone', message: "'2017-13' is not a phone number" }]],
    ]);
  });
});
