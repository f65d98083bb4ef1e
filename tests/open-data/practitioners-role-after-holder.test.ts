// A role told right after its holder (« désignant Me Roland Vidal mandataire judiciaire, Me Simone Ferrand
// administrateur judiciaire »): fault 04 of issue 11's hostile check (/tmp/verify11), where the role after Roland
// Vidal was given to Simone Ferrand, linked and created as a mandataire judiciaire, while the report said « nothing
// linked ». Each role is its holder's (tests/fixtures/bodacc/practitioners.heldout6.json holds more, measured by
// `npm run eval:practitioners`).
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { listedLines } from '../../src/cli/bodacc-report.js';
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

describe('a role told right after its holder', () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await testApp({ searchIndex: true }));
  });

  it('links Roland Vidal as mandataire judiciaire and Simone Ferrand as administrateur judiciaire (fault 04)', async () => {
    const report = await importBodacc(db, {
      file: 'tests/fixtures/bodacc/faults/role-after-holder.csv',
      actor,
      dryRun: false,
    });
    expect(listedLines(report).filter((l) => l.includes('uncertain'))).toEqual([]);
    const links = await db.execute(sql`
      select l.mandataire_id, l.role, m.profession from proceeding_practitioners l
        join mandataires m on m.id = l.mandataire_id where l.proceeding_id = 'bodacc-a202601907201' order by 1`);
    expect([...links]).toEqual([
      { mandataire_id: 'roland-vidal', role: 'mandataire_judiciaire', profession: 'mandataire_judiciaire' },
      { mandataire_id: 'simone-ferrand', role: 'administrateur_judiciaire', profession: 'administrateur_judiciaire' },
    ]);
    await app.directorySearch.indexer.runOnce();
    const { body } = await getJson(app, '/v1/search?kind=mandataire&role=administrateur_judiciaire&q=Ferrand');
    expect(body.data.map((h: { id: string }) => h.id)).toEqual(['simone-ferrand']);
  });

  it.each([
    [
      'Me Hélène Marchal, mandataire judiciaire, Me Bruno Lefèvre, administrateur judiciaire.',
      [
        ['mandataire_judiciaire', null, 'Hélène Marchal'],
        ['administrateur_judiciaire', null, 'Bruno Lefèvre'],
      ],
    ],
    [
      'la SELARL Alpha prise en la personne de Me Agnès Moreau mandataire judiciaire et la SCP Beta prise en la ' +
        'personne de Me Luc Perret administrateur judiciaire.',
      [
        ['mandataire_judiciaire', 'SELARL Alpha', 'Agnès Moreau'],
        ['administrateur_judiciaire', 'SCP Beta', 'Luc Perret'],
      ],
    ],
    ["Me Paul Roussel commissaire à l'exécution du plan.", [['commissaire_execution_plan', null, 'Paul Roussel']]],
  ])('reads « désignant %s » each holder with its own role', (holders, found) => {
    expect(read(`Jugement d'ouverture d'une procédure de redressement judiciaire, désignant ${holders}`)).toEqual({
      found,
      uncertain: [],
    });
  });

  it('reports holders named before their roles with no verb of designation, taking none', () => {
    expect(
      read(
        "Jugement d'ouverture d'une procédure de redressement judiciaire, Me Jean Fabre mandataire judiciaire, Me Lise " +
          'Caron administrateur judiciaire.',
      ),
    ).toEqual({
      found: [],
      uncertain: [
        'a holder named before its role with no verb of designation',
        'a holder named before its role with no verb of designation',
      ],
    });
  });

  it('still reads the role first after a company named before « liquidateur : »', () => {
    expect(
      read('Jugement prononçant la liquidation judiciaire de la SARL Dupont Appels, liquidateur : Me Jean Marchetti.'),
    ).toEqual({ found: [['liquidateur', null, 'Jean Marchetti']], uncertain: [] });
  });
});
