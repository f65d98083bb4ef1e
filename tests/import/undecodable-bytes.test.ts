// A Windows-1252 file holding one of the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) was
// decoded with U+FFFD in its place, and that was stored, the character lost, without a word. Such a file is refused
// as every file that cannot be read is: its line and column named, nothing applied (`npm run import`, JSON lines and
// CSV alike, and `npm run import:practitioners`, which reads through the same decoder).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { decodeLine, UndecodableByte } from '../../src/import/encoding.js';
import { kindImporter } from '../../src/import/importer.js';
import { runImport } from '../../src/import/run.js';
import { findKind } from '../../src/kinds.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { testApp } from '../setup/app.js';
import { actor, quote, sitesLike, source } from '../setup/import.js';

let db: Db;
let dir: string;
beforeAll(async () => {
  ({ db } = await testApp());
  dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-undecodable-'));
});

const words = (byte: string) =>
  `the byte ${byte} is no character in Windows-1252 nor part of UTF-8 text: the file is in another encoding, or ` +
  'damaged (save it again as UTF-8)';

describe('a Windows-1252 file holding a byte Windows-1252 leaves undefined', () => {
  it.each([
    [0x81, '0x81'],
    [0x8d, '0x8D'],
    [0x8f, '0x8F'],
    [0x90, '0x90'],
    [0x9d, '0x9D'],
  ])('%i (%s) is refused at its line and column, nothing applied', async (byte, name) => {
    const file = path.join(dir, `sites-${name}.csv`);
    const prefix = `t-undec${byte.toString(16)}-`;
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from('id;name;commune;status;citation_source;citation_quote\n'),
        iconv.encode(`${prefix}1;Café Noël;Amiens;open;${source};${quote}\n`, 'windows-1252'),
        iconv.encode(`${prefix}2;Étoile `, 'windows-1252'),
        Buffer.from([byte]),
        Buffer.from(` Nord;Amiens;open;${source};${quote}\n`),
      ]),
    );
    const importer = await kindImporter(db, findKind('sites')!);
    await expect(runImport(db, importer, { file, format: 'csv', actor })).rejects.toThrow(
      `${file}: line 3, column ${`${prefix}2;Étoile `.length + 1}: ${words(name)}`,
    );
    expect(await sitesLike(db, prefix)).toBe(0);
  });

  it('in JSON lines, refused the same way', async () => {
    const file = path.join(dir, 'sites.jsonl');
    const row = (id: string, name: string) =>
      `${JSON.stringify({ id, name, commune: 'Amiens', status: 'open', citations: [{ source, quote }] })}\n`;
    // The row as written: « Caf<0x81> Noël ».
    const text = row('t-undecj-2', 'CafX Noël');
    const at = text.indexOf('X');
    await writeFile(
      file,
      Buffer.concat([
        iconv.encode(row('t-undecj-1', 'Café Noël'), 'windows-1252'),
        iconv.encode(text.slice(0, at), 'windows-1252'),
        Buffer.from([0x81]),
        iconv.encode(text.slice(at + 1), 'windows-1252'),
      ]),
    );
    const importer = await kindImporter(db, findKind('sites')!);
    await expect(runImport(db, importer, { file, format: 'jsonl', actor })).rejects.toThrow(
      `${file}: line 2, column ${at + 1}: ${words('0x81')}`,
    );
    expect(await sitesLike(db, 't-undecj-')).toBe(0);
  });

  it('decodeLine names the column of the byte; a line of Windows-1252 or UTF-8 reads as before', () => {
    const line = Buffer.concat([iconv.encode('Société ', 'windows-1252'), Buffer.from([0x8d, 0x0a])]);
    expect(() => decodeLine(line)).toThrow(new UndecodableByte(9, 0x8d));
    expect(decodeLine(iconv.encode('Société « été » – 5 €\n', 'windows-1252'))).toBe('Société « été » – 5 €\n');
    expect(decodeLine(Buffer.from('Société\n'))).toBe('Société\n');
  });

  it('npm run import:practitioners refuses it too, applying nothing', async () => {
    const template = 'tests/fixtures/practitioners/practitioners.csv';
    const [head, first] = (await readFile(template, 'utf8')).split('\n') as [string, string];
    const at = first.indexOf(';');
    const file = path.join(dir, 'practitioners.csv');
    await writeFile(
      file,
      Buffer.concat([
        iconv.encode(`${head}\n${first.slice(0, at)}`, 'windows-1252'),
        Buffer.from([0x90]),
        iconv.encode(`${first.slice(at)}\n`, 'windows-1252'),
      ]),
    );
    const count = async () => Number((await db.execute(sql`select count(*)::int as n from mandataires`))[0]!.n);
    const stored = await count();
    await expect(importPractitioners(db, { file, actor: { keyId: null, name: 'test' } })).rejects.toThrow(
      `${file}: line 2, column ${[...first.slice(0, at)].length + 1}: ${words('0x90')}`,
    );
    expect(await count()).toBe(stored);
  });

  // The sibling in UTF-16: a file ending in the middle of a code unit (cut short) lost its last byte without a word.
  it.each([
    ['utf-16le', Buffer.from([0xff, 0xfe])],
    ['utf-16be', Buffer.from([0xfe, 0xff])],
  ] as const)(
    'a %s file of an odd number of bytes is refused where it ends, nothing applied',
    async (encoding, mark) => {
      const file = path.join(dir, `sites-${encoding}.csv`);
      const lines = [
        'id;name;commune;status;citation_source;citation_quote',
        `t-odd-${encoding}-1;Café Noël;Amiens;open;${source};${quote}`,
        `t-odd-${encoding}-2;Étoile Nord;Amiens;open;${source};${quote}`,
      ];
      const whole = Buffer.concat([mark, iconv.encode(`${lines.join('\n')}\n`, encoding)]);
      await writeFile(file, whole.subarray(0, whole.length - 1));
      const importer = await kindImporter(db, findKind('sites')!);
      await expect(runImport(db, importer, { file, format: 'csv', actor })).rejects.toThrow(
        `${file}: line 3, column ${lines[2]!.length + 1}: the file ends in the middle of a UTF-16 character (an odd ` +
          'number of bytes: a file cut short?)',
      );
      expect(await sitesLike(db, `t-odd-${encoding}-`)).toBe(0);
      await writeFile(file, whole);
      expect(await runImport(db, importer, { file, format: 'csv', actor, dryRun: true })).toMatchObject({
        encoding,
        rows: 2,
        rejected: [],
      });
    },
  );
});
