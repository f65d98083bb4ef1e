// npm run import:sirene: every fact a stock's citation lists is in its quote (the raw values of the cited columns),
// and a row whose SIRET is not its SIREN followed by its NIC (another establishment's) is refused with its line.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testDatabase } from '../setup/database.js';
import { importFixtures, stockCsv } from '../setup/sirene.js';

/** How a stored value of a field is written in a stock's quote (null: the field is not checked by its value). */
function written(field: string, value: unknown, row: Record<string, unknown>): string[] | null {
  if (value === null || value === undefined) return [];
  const v = String(value);
  switch (field) {
    case 'status':
      return [v === 'open' ? 'etatAdministratifEtablissement=« A »' : 'etatAdministratifEtablissement=« F »'];
    case 'administrative_status':
      return [v === 'active' ? 'etatAdministratifUniteLegale=« A »' : 'etatAdministratifUniteLegale=« C »'];
    case 'siret':
      return [`SIRET ${v}`];
    case 'siren':
      return [`SIREN ${v}`];
    case 'name':
    case 'naf_code':
    case 'tranche_effectifs':
    case 'annee_effectifs':
    case 'opened_on':
    case 'closed_on':
    case 'code_postal':
    case 'sigle':
    case 'legal_category':
    case 'categorie_entreprise':
    case 'ceased_on':
      return [`« ${v}`];
    case 'operator':
      return [String(row.operator_siren ?? '')];
    case 'aliases':
      return (value as string[]).map((a) => `« ${a} »`);
    default:
      return null;
  }
}

describe('the citations of a Sirene stock', () => {
  it('quote every value they list', async () => {
    const { db } = (await testDatabase()).database;
    const report = await importFixtures(db, stockCsv);
    expect(report.rejected).toEqual([]);
    const rows = await db.execute<{ entry: Record<string, unknown>; quote: string; fields: string[] }>(sql`
      select to_jsonb(s) || jsonb_build_object('operator_siren', o.siren) as entry, c.quote, c.fields
        from citations c join sites s on s.id = c.site_id left join operators o on o.id = s.operator_id
       where c.source_id like 'insee-sirene-stock-%'
      union all
      select to_jsonb(o), c.quote, c.fields from citations c join operators o on o.id = c.operator_id
       where c.source_id like 'insee-sirene-stock-%'`);
    expect(rows.length).toBeGreaterThan(5);
    const missing: string[] = [];
    for (const { entry, quote, fields } of rows) {
      for (const field of fields) {
        const words = written(field, entry[field === 'operator' ? 'operator_id' : field], entry);
        for (const w of words ?? []) if (!quote.includes(w)) missing.push(`${String(entry.id)}: ${field} ${w}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('a row whose SIRET is not its SIREN followed by its NIC', () => {
  it('is refused with its line and column, nothing applied to the site of that SIRET', async () => {
    const { db } = (await testDatabase()).database;
    await importFixtures(db, stockCsv);
    const before = await db.execute(sql`select * from sites where siret = '79876543400013'`);
    const report = await importFixtures(db, 'tests/fixtures/sirene/consistency/siret-mismatch.csv', {
      legalUnits: undefined,
      geolocation: undefined,
    });
    expect(report.rejected).toEqual([
      {
        file: 'siret-mismatch.csv',
        line: 2,
        errors: [
          { in: 'row', name: 'siret', message: '« 79876543400013 » is not siren 812345676 followed by nic 00017' },
        ],
      },
    ]);
    expect(report.sites).toEqual({ created: 0, updated: 0, unchanged: 0 });
    expect(await db.execute(sql`select * from sites where siret = '79876543400013'`)).toEqual(before);
  });
});
