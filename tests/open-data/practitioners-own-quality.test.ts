// A holder joined by « et » and given a quality of its own after its name (« et Me X, commissaire de justice, pour
// procéder à l'inventaire », « et Me X en qualité de représentant des salariés », « et Me X en qualité
// d'administrateur judiciaire »): fault 08 of issue 11's hostile check (/tmp/verify11/faults-b), X linked with the
// previous holder's role. X does not share it (tests/fixtures/bodacc/practitioners.own-quality.json holds more,
// measured by `npm run eval:practitioners`).
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { importBodacc } from '../../src/open-data/bodacc/import.js';
import { extractPractitioners } from '../../src/open-data/bodacc/practitioners.js';
import { getJson, testApp } from '../setup/app.js';

const actor = { keyId: null, name: 'import:bodacc test' };

describe('a holder joined by « et » with a quality of its own', () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await testApp({ searchIndex: true }));
  });

  it('links the three notices of fault 08 as their texts say, each quote the exact span', async () => {
    const report = await importBodacc(db, {
      file: 'tests/fixtures/bodacc/faults/et-holder-own-quality.csv',
      actor,
      dryRun: false,
    });
    expect(report.uncertain).toEqual([]);
    const links = await db.execute(sql`
      select l.proceeding_id, l.mandataire_id, l.role, l.quote, m.profession from proceeding_practitioners l
        join mandataires m on m.id = l.mandataire_id
       where l.proceeding_id in ('bodacc-a202602607601', 'bodacc-a202602617602', 'bodacc-a202602627603')
       order by l.proceeding_id, l.mandataire_id`);
    expect([...links]).toEqual([
      {
        proceeding_id: 'bodacc-a202602607601',
        mandataire_id: 'agathe-pichon',
        role: 'liquidateur',
        quote: 'désignant liquidateur Me Agathe Pichon, 3 rue Basse 69009 Lyon',
        profession: 'mandataire_judiciaire',
      },
      {
        proceeding_id: 'bodacc-a202602617602',
        mandataire_id: 'agathe-pichon',
        role: 'mandataire_judiciaire',
        quote: 'désignant mandataire judiciaire Me Agathe Pichon',
        profession: 'mandataire_judiciaire',
      },
      {
        proceeding_id: 'bodacc-a202602627603',
        mandataire_id: 'agathe-pichon',
        role: 'mandataire_judiciaire',
        quote: 'désignant mandataire judiciaire Me Agathe Pichon',
        profession: 'mandataire_judiciaire',
      },
      {
        proceeding_id: 'bodacc-a202602627603',
        mandataire_id: 'denis-arnaud',
        role: 'administrateur_judiciaire',
        quote:
          "désignant mandataire judiciaire Me Agathe Pichon, et Me Denis Arnaud en qualité d'administrateur " +
          "judiciaire avec mission d'assistance",
        profession: 'administrateur_judiciaire',
      },
    ]);
    // Neither the commissaire de justice nor the employees' representative is a practitioner of the directory.
    const { body } = await getJson(app, '/v1/mandataires?kind=practitioner&limit=100');
    expect(body.data.filter((m: { id: string }) => /lenoir|marchal/.test(m.id))).toEqual([]);
    const detail = await getJson(app, '/v1/proceedings/bodacc-a202602627603');
    expect(detail.body.practitioners.map((p: { id: string; role: string }) => [p.id, p.role])).toEqual([
      ['agathe-pichon', 'mandataire_judiciaire'],
      ['denis-arnaud', 'administrateur_judiciaire'],
    ]);
  });

  it.each([
    ['Me Bruno Lenoir, huissier de justice, pour dresser l’inventaire'],
    ['Me Bruno Lenoir, 5 quai Neuf 69002 Lyon, en qualité de représentant des salariés'],
    ['la SCP Beta prise en la personne de Me Paul Roy, commissaire-priseur judiciaire, pour la vente'],
    ['Me Bruno Lenoir, expert, pour établir un rapport'],
  ])('does not give the liquidateur’s role to « et %s »', (second) => {
    const r = extractPractitioners(
      `Jugement prononçant la liquidation judiciaire, désignant liquidateur Me Anne Petit, 3 rue Basse 44000 Nantes, et ${second}.`,
    );
    expect(r.practitioners.map((p) => [p.role, p.person, p.quote])).toEqual([
      ['liquidateur', 'Anne Petit', 'désignant liquidateur Me Anne Petit, 3 rue Basse 44000 Nantes'],
    ]);
    expect(r.uncertain).toEqual([]);
  });

  it('still gives one role to holders joined by « et » when nothing after them gives another', () => {
    const r = extractPractitioners(
      'Jugement prononçant la liquidation judiciaire, désignant liquidateurs Me Anne Petit et Me Bruno Lenoir, 3 rue ' +
        'Basse 44000 Nantes.',
    );
    expect(r.practitioners.map((p) => [p.role, p.person, p.city])).toEqual([
      ['liquidateur', 'Anne Petit', null],
      ['liquidateur', 'Bruno Lenoir', 'Nantes'],
    ]);
  });
});

describe('doubts 01 and 02 of the same check', () => {
  it.each([
    'SELARL Alpha dont le siège social est situé 12 rue Neuve 75001 Paris, prise en la personne de Me Jean Martin',
    'SELARL Alpha, située 12 rue Neuve 75001 Paris, prise en la personne de Me Jean Martin',
  ])('reads the seat « %s »', (holder) => {
    const r = extractPractitioners(`Jugement prononçant la liquidation judiciaire, désignant liquidateur ${holder}.`);
    expect(r.practitioners.map((p) => [p.role, p.firm, p.person, p.city])).toEqual([
      ['liquidateur', 'SELARL Alpha', 'Jean Martin', 'Paris'],
    ]);
    expect(r.uncertain).toEqual([]);
  });

  it('quotes an uncertain designation from its verb, not from the last letter of the word before', () => {
    const r = extractPractitioners(
      'Jugement désignant liquidateur MJ SYNERGIE SELARL prise en la personne de Me Jean Martin.',
    );
    expect(r.practitioners).toEqual([]);
    expect(r.uncertain).toEqual([
      {
        quote: 'désignant liquidateur MJ SYNERGIE SELARL prise en la personne de Me Jean Martin',
        reason: 'a designation whose holder is neither a firm nor a person with a title',
      },
    ]);
  });
});
