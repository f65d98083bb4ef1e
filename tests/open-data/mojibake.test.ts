// Mojibake (UTF-8 read as Windows-1252 or Latin-1 before the file was saved) repaired run by run: a damaged name in a
// correct text is repaired, a correct text, French or foreign, stays as it is; and a practitioners' CSV gives the
// repaired name.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repairMojibake } from '../../src/import/encoding.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { getJson, testApp } from '../setup/app.js';

describe('repairMojibake', () => {
  it.each([
    ['DubÅ“uf', 'Dubœuf'],
    ['CÃ©cile', 'Cécile'],
    ['Ã‰tude DubÅ“uf', 'Étude Dubœuf'],
    ["Jugement de clÃ´ture pour insuffisance d'actif", "Jugement de clôture pour insuffisance d'actif"],
    ['lâ€™administrateur', 'l’administrateur'],
    ['voilÃ\u00a0 tout', 'voilà tout'],
    // Latin-1's renderings (C1 controls) as well as Windows-1252's: « Å\u0093 » is « œ » too.
    ['DubÅ\u0093uf', 'Dubœuf'],
    ['prÃ©vu â€“ 5 â‚¬', 'prévu – 5 €'],
    ['ðŸ˜€', '😀'],
    // Damaged twice (fault 06 of issue 11's second hostile check: repaired once, « clÃ´ture » was stored) and thrice,
    // through Windows-1252 or Latin-1.
    ['Jugement de clÃƒÂ´ture, HÃƒÂ©lÃƒÂ¨ne, NÃƒÂ®mes', 'Jugement de clôture, Hélène, Nîmes'],
    ['Ãƒâ€°tude DubÃ…â€œuf', 'Étude Dubœuf'],
    ['CÃƒÆ’Ã‚Â©cile DubÃƒâ€¦Ã¢â‚¬Å“uf', 'Cécile Dubœuf'],
    ['clÃ\u0083Â´ture', 'clôture'],
    ['clÃ\u0083Â\u0083Ã\u0082Â´ture', 'clôture'],
    // A damaged run beside a character it cannot stand for: what is sure is repaired, the rest kept.
    ['cafÃ©Ã', 'caféÃ'],
  ])('repairs %s as %s', (damaged, repaired) => {
    expect(repairMojibake(damaged)).toBe(repaired);
  });

  it('repairs a damaged run inside a correct text, leaving its correct « é » as it is', () => {
    expect(
      repairMojibake(
        'Jugement d’ouverture d’une procédure de redressement judiciaire désignant SELARL Ã‰tude DubÅ“uf, ' +
          'mission conduite par Me CÃ©cile DubÅ“uf, mandataire judiciaire',
      ),
    ).toBe(
      'Jugement d’ouverture d’une procédure de redressement judiciaire désignant SELARL Étude Dubœuf, ' +
        'mission conduite par Me Cécile Dubœuf, mandataire judiciaire',
    );
  });

  it.each([
    'Ångström',
    'São Paulo',
    'Æsir',
    '“guillemets”',
    'CHÂTEAU DE L’ÉTUDE',
    'ÉTUDE',
    'Dubœuf, cœur, Œuvre',
    'Tribunal de Commerce de Créteil',
    'Ãlvaro, Ã l’évidence',
    'l’été\u00a0» et déjà…\u00a0—',
    '« à\u00a0» ; « été\u00a0»',
    'Straße, Ñandú, Øresund',
    'N° 12 — 3\u00a0€',
    // Valid UTF-8 of characters mojibake does not surely stand for (« Ʌ », « ɖ », « ɻ »): they were so « repaired ».
    'CAFÉ…',
    'ÉTÉ–HIVER',
    'RÉSUMÉ»',
  ])('leaves the correct text %s as it is', (text) => {
    expect(repairMojibake(text)).toBe(text);
  });
});

describe('npm run import:practitioners, on a file whose text was damaged before it was saved', () => {
  it.each([
    ['once', 'DubÅ“uf;CÃ©cile', 'Ã‰tude DubÅ“uf'],
    // Fault 06 of issue 11's second hostile check: repaired once, « CÃ©cile » was stored.
    ['twice', 'DubÃ…â€œuf;CÃƒÂ©cile', 'Ãƒâ€°tude DubÃ…â€œuf'],
  ])('gives the names repaired, damaged %s', async (_times, names, firm) => {
    const { app, db } = await testApp();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'plateau-mojibake-'));
    const file = path.join(dir, 'mojibake.csv');
    await writeFile(
      file,
      'nom;prenom;profession;source_url;date_releve;structure;forme_juridique;siret_structure;adresse;' +
        'code_postal;commune;cour_d_appel;bureaux_annexes;telephone;email;site\n' +
        `${names};MJ;https://www.cnajmj.fr/annuaire/;2026-11-03;${firm};SELARL;;3 rue Thiers;` +
        '38000;Grenoble;Grenoble;;04 76 00 00 02;;\n',
    );
    const report = await importPractitioners(db, { file, actor: { keyId: null, name: 'mojibake test' } });
    expect(report).toMatchObject({ applied: true, rejected: [], practitioners: { created: 1 } });
    const { status, body } = await getJson(app, '/v1/mandataires/cecile-duboeuf');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      name: 'Cécile Dubœuf',
      firm: { id: 'selarl-etude-duboeuf', name: 'SELARL Étude Dubœuf' },
    });
  });
});
