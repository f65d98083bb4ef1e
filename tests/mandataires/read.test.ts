import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { mandataires, proceedingPractitioners, proceedings } from '../../src/db/schema/index.js';
import { resolveCommune } from '../../src/geo/index.js';
import { collectPages, getJson, testApp } from '../setup/app.js';
import { uniqueId } from '../setup/factories.js';
import { expectSeededCitationsVerbatim, ids, seed, titles } from '../setup/seed.js';

let app: App;
let db: Db;
beforeAll(async () => {
  ({ app, db } = await testApp());
});

const seedMandataires: { id: string; citations: unknown[] }[] = seed('mandataires');

const mayArticle = 'en-contact-2020-05-15-mandataires-judiciaires-croulent-sous-les-appels';
// « Abitbol et\u00a0 Rousselet »: a no-break space and a space, as printed.
const famousQuote = 'dont les célèbres Hélène Bourbouloux, Abitbol et\u00a0 Rousselet, l’étude Meynet etc.';

const cnajmjHotline = {
  phone: '+33800942564',
  // The article gives the period of its figures (« Du 23 mars au 7 mai 2020 »), not the hotline's opening and closing.
  opened_on: null,
  closed_on: null,
  figures_from: '2020-03-23',
  figures_to: '2020-05-07',
  calls_answered: 3000,
  practitioners_answering: 150,
  average_call_minutes: 15,
  share_answered_without_wait: 0.99,
  notes: expect.stringContaining('Chiffres fournis par le CNAJMJ'),
};

describe('GET /v1/mandataires', () => {
  it('lists every practitioner, firm and body of the seed', async () => {
    const { status, body } = await getJson(app, '/v1/mandataires?limit=100');
    expect(status).toBe(200);
    expect(body.total).toBe(seedMandataires.length);
    expect(body.total).toBe(5);
    expect(ids(body)).toEqual(seedMandataires.map((m) => m.id).sort());
    const cnajmj = body.data.find((m: { id: string }) => m.id === 'cnajmj');
    expect(cnajmj).toMatchObject({
      name: 'CNAJMJ — Conseil national des administrateurs et mandataires judiciaires',
      kind: 'national_body',
      profession: null,
      firm: null,
      country: 'FR',
      commune: null,
      departement_code: null,
      phone: '+33800942564',
      website: 'cnajmj.fr',
      directory_size: 568,
      directory_size_as_of: '2020-05-15',
      hotline: cnajmjHotline,
    });
    expect(body.data.find((m: { id: string }) => m.id === 'abitbol')).toMatchObject({
      name: 'Abitbol',
      kind: 'practitioner',
      hotline: null,
      phone: null,
    });
  });

  it('filters by kind, several values meaning any', async () => {
    const practitioners = await getJson(app, '/v1/mandataires?kind=practitioner');
    expect(ids(practitioners.body)).toEqual(['abitbol', 'helene-bourbouloux', 'rousselet']);
    expect(practitioners.body.total).toBe(3);
    expect(ids((await getJson(app, '/v1/mandataires?kind=firm')).body)).toEqual(['etude-meynet']);
    expect(ids((await getJson(app, '/v1/mandataires?kind=firm,national_body')).body)).toEqual([
      'cnajmj',
      'etude-meynet',
    ]);
  });

  it('sorts by name in French order, and descending with a minus', async () => {
    const ascending = await getJson(app, '/v1/mandataires?sort=name');
    // « Étude » files under E, not after the Z.
    expect(ascending.body.data.map((m: { id: string }) => m.id)).toEqual([
      'abitbol',
      'cnajmj',
      'etude-meynet',
      'helene-bourbouloux',
      'rousselet',
    ]);
    const byDefault = await getJson(app, '/v1/mandataires');
    expect(byDefault.body.data.map((m: { id: string }) => m.id)).toEqual(
      ascending.body.data.map((m: { id: string }) => m.id),
    );
    const descending = await getJson(app, '/v1/mandataires?sort=-name');
    expect(descending.body.data.map((m: { id: string }) => m.id)).toEqual([
      'rousselet',
      'helene-bourbouloux',
      'etude-meynet',
      'cnajmj',
      'abitbol',
    ]);
  });

  it('pages through every entry exactly once, with a stable total, for each sort', async () => {
    for (const sort of ['name', '-name', 'created_at', '-created_at', 'updated_at', '-updated_at']) {
      const { rows, pages, totals } = await collectPages(app, `/v1/mandataires?limit=2&sort=${sort}`);
      expect(rows.map((r) => r.id).sort(), sort).toEqual(seedMandataires.map((m) => m.id).sort());
      expect(pages).toBe(3);
      expect(new Set(totals)).toEqual(new Set([5]));
      const whole = await getJson(app, `/v1/mandataires?limit=100&sort=${sort}`);
      expect(
        rows.map((r) => r.id),
        sort,
      ).toEqual(whole.body.data.map((m: { id: string }) => m.id));
    }
  });

  it('rejects a firm that is not in the directory, and a bad département', async () => {
    const firm = await getJson(app, '/v1/mandataires?firm=etude-meynet,etude-inconnue');
    expect(firm.status).toBe(400);
    expect(firm.body.errors).toEqual([{ in: 'query', name: 'firm', message: "unknown firm 'etude-inconnue'" }]);
    const departement = await getJson(app, '/v1/mandataires?departement=99');
    expect(departement.status).toBe(400);
    expect(departement.body.errors).toEqual([
      { in: 'query', name: 'departement', message: "unknown département code '99'" },
    ]);
  });
});

describe('GET /v1/mandataires/{id}', () => {
  it('returns the national body with its phone, directory and hotline figures', async () => {
    const { status, body } = await getJson(app, '/v1/mandataires/cnajmj');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: 'cnajmj',
      kind: 'national_body',
      phone: '+33800942564',
      phone_national: '0 800 94 25 64',
      directory_size: 568,
      directory_size_as_of: '2020-05-15',
    });
    // Stored in E.164, shown as the French dial it (the seed writes it 0800942564).
    expect(body.hotline).toEqual({ ...cnajmjHotline, phone_national: '0 800 94 25 64' });
    // In the schema's order, as the page shows it: the number and its French dial, then opening before closing.
    expect(Object.keys(body.hotline).slice(0, 4)).toEqual(['phone', 'phone_national', 'opened_on', 'closed_on']);
    expect(body.members).toEqual([]);
    expect(body.proceedings).toEqual([]);
    expect(body.citations).toHaveLength(8);
    expect(body.citations).toContainEqual({
      source_id: mayArticle,
      source_title: 'Paris Turf, Mavic, Presstalis, 5àsec les mandataires judiciaires croulent sous les appels.',
      source_published_on: '2020-05-15',
      quote: '99% des appels auraient abouti sans attente',
      fields: ['hotline'],
      added_at: expect.any(String),
    });
    expect(Object.keys(body.last_confirmed)).toContain('hotline');
  });

  it('returns a firm as a firm', async () => {
    const { body } = await getJson(app, '/v1/mandataires/etude-meynet');
    expect(body).toMatchObject({ id: 'etude-meynet', name: 'Étude Meynet', kind: 'firm', firm: null, hotline: null });
    expect(body.citations).toEqual([
      {
        source_id: mayArticle,
        source_title: titles.get(mayArticle),
        source_published_on: '2020-05-15',
        quote: famousQuote,
        fields: ['name', 'kind'],
        added_at: expect.any(String),
      },
    ]);
  });

  it('quotes its sources verbatim in every citation, for every entry', async () => {
    await expectSeededCitationsVerbatim(app, 'mandataires', seedMandataires, (body) => body.people);
  });

  it('answers 404 for an unknown entry', async () => {
    const { status, body } = await getJson(app, '/v1/mandataires/no-such-mandataire');
    expect(status).toBe(404);
    expect(body).toMatchObject({ status: 404, code: 'not_found' });
  });
});

// The seed has no practitioner attached to a firm, no profession and no
// place: these rows, added to this file's own database, give the firm,
// profession and département filters something to find.
describe('mandataires with rows added', () => {
  async function createMandataire(values: Partial<typeof mandataires.$inferInsert> & { communeName?: string }) {
    const { communeName, ...rest } = values;
    const [row] = await db
      .insert(mandataires)
      .values({
        id: uniqueId('test-mandataire'),
        name: `Maître ${uniqueId('x')}`,
        kind: 'practitioner',
        ...(communeName ? resolveCommune(communeName) : {}),
        ...rest,
      })
      .returning();
    return row!;
  }

  let amiens: typeof mandataires.$inferSelect;
  let lyon: typeof mandataires.$inferSelect;
  let chartres: typeof mandataires.$inferSelect;
  let otherFirm: typeof mandataires.$inferSelect;
  beforeAll(async () => {
    otherFirm = await createMandataire({
      name: 'Étude Zeta',
      kind: 'firm',
      profession: 'administrateur_judiciaire',
      communeName: 'Lyon',
    });
    amiens = await createMandataire({
      name: 'Maître Aubert',
      profession: 'mandataire_judiciaire',
      firm_id: 'etude-meynet',
      communeName: 'Amiens',
    });
    lyon = await createMandataire({
      name: 'Maître Blanc',
      profession: 'administrateur_judiciaire',
      firm_id: 'etude-meynet',
      communeName: 'Lyon',
    });
    chartres = await createMandataire({
      name: 'Maître Caron',
      profession: 'mandataire_judiciaire',
      firm_id: otherFirm.id,
      communeName: 'Chartres',
    });
  });

  it('shows a practitioner’s firm and place', async () => {
    const { body } = await getJson(app, `/v1/mandataires/${amiens.id}`);
    expect(body).toMatchObject({
      kind: 'practitioner',
      profession: 'mandataire_judiciaire',
      firm: { id: 'etude-meynet', name: 'Étude Meynet' },
      commune: 'Amiens',
      departement_code: '80',
      region_code: '32',
      former_region_name: 'Picardie',
    });
  });

  it('lists the practitioners of a firm by name', async () => {
    const { body } = await getJson(app, '/v1/mandataires/etude-meynet');
    expect(body.members).toEqual([
      { id: amiens.id, name: 'Maître Aubert' },
      { id: lyon.id, name: 'Maître Blanc' },
    ]);
  });

  it('filters by firm, several values meaning any', async () => {
    const meynet = await getJson(app, '/v1/mandataires?firm=etude-meynet');
    expect(ids(meynet.body)).toEqual([amiens.id, lyon.id].sort());
    expect(meynet.body.total).toBe(2);
    expect(meynet.body.data[0].firm).toEqual({ id: 'etude-meynet', name: 'Étude Meynet' });
    expect(ids((await getJson(app, `/v1/mandataires?firm=etude-meynet,${otherFirm.id}`)).body)).toEqual(
      [amiens.id, lyon.id, chartres.id].sort(),
    );
    expect((await getJson(app, '/v1/mandataires?firm=cnajmj')).body).toMatchObject({ data: [], total: 0 });
  });

  it('filters by profession, several values meaning any', async () => {
    expect(ids((await getJson(app, '/v1/mandataires?profession=mandataire_judiciaire')).body)).toEqual(
      [amiens.id, chartres.id].sort(),
    );
    expect(ids((await getJson(app, '/v1/mandataires?profession=administrateur_judiciaire')).body)).toEqual(
      [lyon.id, otherFirm.id].sort(),
    );
    expect(
      (await getJson(app, '/v1/mandataires?profession=administrateur_judiciaire,mandataire_judiciaire')).body.total,
    ).toBe(4);
  });

  it('filters by département, several values meaning any', async () => {
    expect(ids((await getJson(app, '/v1/mandataires?departement=80')).body)).toEqual([amiens.id]);
    expect(ids((await getJson(app, '/v1/mandataires?departement=69')).body)).toEqual([lyon.id, otherFirm.id].sort());
    expect(ids((await getJson(app, '/v1/mandataires?departement=80,28')).body)).toEqual(
      [amiens.id, chartres.id].sort(),
    );
  });

  it('combines different filters, all of them applying', async () => {
    expect(
      ids((await getJson(app, '/v1/mandataires?firm=etude-meynet&profession=administrateur_judiciaire')).body),
    ).toEqual([lyon.id]);
    expect(ids((await getJson(app, '/v1/mandataires?departement=69&kind=firm')).body)).toEqual([otherFirm.id]);
    expect(
      ids((await getJson(app, '/v1/mandataires?departement=69,80&kind=practitioner&firm=etude-meynet')).body),
    ).toEqual([amiens.id, lyon.id].sort());
    expect((await getJson(app, '/v1/mandataires?departement=28&firm=etude-meynet')).body).toMatchObject({
      data: [],
      total: 0,
    });
    const practitioners = await getJson(app, '/v1/mandataires?kind=practitioner&limit=100');
    expect(ids(practitioners.body)).toEqual(
      ['abitbol', 'helene-bourbouloux', 'rousselet', amiens.id, lyon.id, chartres.id].sort(),
    );
  });

  it('lists the proceedings a practitioner handles, with the role', async () => {
    const early = uniqueId('test-proceeding');
    const late = uniqueId('test-proceeding');
    await db.insert(proceedings).values([
      { id: late, company_name: 'Société B', kind: 'liquidation_judiciaire', date: '2020-04' },
      { id: early, company_name: 'Société A', kind: 'redressement_judiciaire', date: '2019-11-05' },
    ]);
    await db.insert(proceedingPractitioners).values([
      {
        proceeding_id: late,
        mandataire_id: 'helene-bourbouloux',
        role: 'liquidateur',
        source_id: mayArticle,
        quote: famousQuote,
      },
      {
        proceeding_id: early,
        mandataire_id: 'helene-bourbouloux',
        role: null,
        source_id: mayArticle,
        quote: famousQuote,
      },
    ]);
    const { body } = await getJson(app, '/v1/mandataires/helene-bourbouloux');
    // Current first, then the latest opened: the 2020 proceeding before the 2019 one.
    expect(body.proceedings).toEqual([
      {
        id: late,
        company_name: 'Société B',
        kind: 'liquidation_judiciaire',
        date: '2020-04',
        operator_id: null,
        role: 'liquidateur',
        appointed_on: null,
        closed_on: null,
        practitioner: { id: 'helene-bourbouloux', name: 'Hélène Bourbouloux' },
        notice_id: null,
        source_id: mayArticle,
        quote: famousQuote,
      },
      {
        id: early,
        company_name: 'Société A',
        kind: 'redressement_judiciaire',
        date: '2019-11-05',
        operator_id: null,
        role: null,
        appointed_on: null,
        closed_on: null,
        practitioner: { id: 'helene-bourbouloux', name: 'Hélène Bourbouloux' },
        notice_id: null,
        source_id: mayArticle,
        quote: famousQuote,
      },
    ]);
    expect(body.proceedings_url).toBe('/v1/proceedings?mandataire=helene-bourbouloux&status=open&sort=-date');
  });
});
