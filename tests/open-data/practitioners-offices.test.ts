// A practitioner's secondary offices and cour d'appel are places: each office a commune of the reference geography,
// the court named after the commune of its seat (« Pétaouchnok », « Atlantis » refused, with their line), in the
// API and `npm run import:practitioners` alike (modules/mandataires/writes.ts `seatErrors`; fault 11 of issue 11's
// hostile check, tests/fixtures/practitioners/offices-no-commune.csv its file).
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/client.js';
import { createKey } from '../../src/keys/api-keys.js';
import { importPractitioners } from '../../src/open-data/practitioners/import.js';
import { testApp } from '../setup/app.js';

const actor = { keyId: null, name: 'import:practitioners test' };
let app: App;
let db: Db;
let key: string;
beforeAll(async () => {
  ({ app, db } = await testApp());
  key = (await createKey(db, { name: 'Bureaux test', scope: 'write' })).key;
});

describe('secondary offices and cour d’appel', () => {
  it('import:practitioners refuses an office and a court that name no commune, at their line', async () => {
    const report = await importPractitioners(db, {
      file: 'tests/fixtures/practitioners/offices-no-commune.csv',
      actor,
    });
    expect(report.applied).toBe(false);
    expect(report.rejected).toEqual([
      {
        line: 2,
        errors: [
          {
            field: 'cour_d_appel',
            message:
              "'Pétaouchnok' names no commune: a cour d'appel is named after the commune of its seat (« Lyon », « Aix-en-Provence »)",
          },
          {
            field: 'bureaux_annexes',
            message: "no commune is named 'Atlantis': a secondary office is a commune (« Lyon », « Paris 8e »)",
          },
        ],
      },
    ]);
  });

  it('the API: the same refusals (422), and courts and offices that are communes taken as written', async () => {
    const post = (payload: Record<string, unknown>) =>
      app.inject({
        method: 'POST',
        url: '/v1/mandataires',
        headers: { authorization: `Bearer ${key}` },
        payload: {
          kind: 'practitioner',
          ...payload,
          citations: [
            {
              source: 'en-contact-2017-04-26-fin-de-partie-ipg',
              quote: 'IPG Contacts Services est une deuxième entité',
            },
          ],
        },
      });
    const refused = await post({
      name: 'Eva Caron',
      court_of_appeal: 'Pétaouchnok',
      secondary_offices: ['Paris', 'Pari'],
    });
    expect([refused.statusCode, refused.json().errors]).toEqual([
      422,
      [
        {
          in: 'body',
          name: 'court_of_appeal',
          message:
            "'Pétaouchnok' names no commune: a cour d'appel is named after the commune of its seat (« Lyon », « Aix-en-Provence »)",
        },
        {
          in: 'body',
          name: 'secondary_offices.1',
          message: "no commune is named 'Pari': a secondary office is a commune (« Lyon », « Paris 8e »)",
        },
      ],
    ]);
    const taken = await post({
      name: 'Eva Caron',
      court_of_appeal: "Cour d'appel de Saint-Denis (La Réunion)",
      secondary_offices: ['Paris 8e', 'Saint-Denis', 'Aix-en-Provence'],
    });
    expect(taken.statusCode).toBe(201);
    expect([taken.json().court_of_appeal, taken.json().secondary_offices]).toEqual([
      "Cour d'appel de Saint-Denis (La Réunion)",
      ['Paris 8e', 'Saint-Denis', 'Aix-en-Provence'],
    ]);
  });
});
