// A full stop with no space after it before a word in lower case (« Me Jean Fauchet.juge-commissaire M. Paul
// Durand. »): fault 01 of issue 11's hostile check (/tmp/verify11), the judge's name glued into a practitioner's.
// The sentence ends there whatever the word after is (tests/fixtures/bodacc/practitioners.heldout6.json holds more,
// measured by `npm run eval:practitioners`); a web or mail address's full stop ends nothing.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { extractPractitioners } from '../../src/open-data/bodacc/practitioners.js';
import { getJson, testApp } from '../setup/app.js';

const actor = { keyId: null, name: 'import:bodacc test' };
/** The (role, firm, person) of each practitioner read, and the reasons of what was not. */
const read = (text: string) => {
  const r = extractPractitioners(text);
  return { found: r.practitioners.map((p) => [p.role, p.firm, p.person]), uncertain: r.uncertain.map((u) => u.reason) };
};

describe('a missing space after a full stop before a word in lower case', () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await testApp({ searchIndex: true }));
  });

  it('imports the liquidateur of fault 01 as « Jean Fauchet », the juge-commissaire left out, found by search', async () => {
    const report = await importBodacc(db, {
      file: 'tests/fixtures/bodacc/faults/missing-space-lower-case.csv',
      actor,
      dryRun: false,
    });
    expect(report.uncertain).toEqual([]);
    const links = await db.execute(sql`
      select l.mandataire_id, m.name, l.role, l.quote from proceeding_practitioners l
        join mandataires m on m.id = l.mandataire_id where l.proceeding_id = 'bodacc-a202601015001'`);
    expect([...links]).toEqual([
      {
        mandataire_id: 'jean-fauchet',
        name: 'Jean Fauchet',
        role: 'liquidateur',
        quote: 'désignant liquidateur Me Jean Fauchet',
      },
    ]);
    const { body } = await getJson(app, '/v1/mandataires?kind=practitioner&limit=100');
    expect(
      body.data.filter((m: { id: string }) => /fauchet|durand/.test(m.id)).map((m: { name: string }) => m.name),
    ).toEqual(['Jean Fauchet']);
    await app.directorySearch.indexer.runOnce();
    const found = await getJson(app, '/v1/search?kind=mandataire&q=Fauchet');
    expect(found.body.data.map((h: { id: string; name: string }) => [h.id, h.name])).toEqual([
      ['jean-fauchet', 'Jean Fauchet'],
    ]);
    const judge = await getJson(app, '/v1/search?kind=mandataire&q=Durand');
    expect(judge.body.data).toEqual([]);
  });

  it.each([
    [
      'Me Jean Martin.désignant mandataire judiciaire Me Paul Durand.',
      [
        ['liquidateur', null, 'Jean Martin'],
        ['mandataire_judiciaire', null, 'Paul Durand'],
      ],
    ],
    ['Me Claire Vasseur.date de cessation des paiements le 03/11/2025.', [['liquidateur', null, 'Claire Vasseur']]],
    ['Me Hugo Perrin.les créances sont à adresser au liquidateur.', [['liquidateur', null, 'Hugo Perrin']]],
    ['Maître LEBRUN Sophie.juge-commissaire : Mme Anne Roussel.', [['liquidateur', null, 'LEBRUN Sophie']]],
    ['Me Antoine de la Tour.juge-commissaire M. Pierre Lenoir.', [['liquidateur', null, 'Antoine de la Tour']]],
    [
      'SELARL Alpes Mandataires prise en la personne de Me Marc Giraud.juge-commissaire M. Henri Blanc.',
      [['liquidateur', 'SELARL Alpes Mandataires', 'Marc Giraud']],
    ],
    ['Me Jean Martin. date de cessation des paiements le 03/11/2025.', [['liquidateur', null, 'Jean Martin']]],
  ])('ends the name at the full stop of « liquidateur %s »', (holder, found) => {
    expect(read(`Jugement prononçant la liquidation judiciaire, désignant liquidateur ${holder}`)).toEqual({
      found,
      uncertain: [],
    });
  });

  it.each(['www.mj-benali.fr', 'contact@mj-benali.fr', 'cf. annexe'])(
    'reads the address after « (%s) »: its full stop ends no sentence',
    (aside) => {
      const r = extractPractitioners(
        `Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Nadia Benali (${aside}), 8 rue ` +
          'Thiers 38000 Grenoble.',
      );
      expect(r.practitioners.map((p) => [p.person, p.city, p.quote])).toEqual([
        ['Nadia Benali', 'Grenoble', `désignant liquidateur Me Nadia Benali (${aside}), 8 rue Thiers 38000 Grenoble`],
      ]);
      expect(r.uncertain).toEqual([]);
    },
  );
});
