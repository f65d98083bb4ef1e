// The BODACC report's lists that grow with the file are declared once (open-data/bodacc/listed.ts): the names the
// import holds them under are those the CLI prints, in the order it prints them, each with its own line.
import { describe, expect, it } from 'vitest';
import { listedLines } from '../../src/cli/bodacc-report.js';
import type { BodaccImportReport } from '../../src/open-data/bodacc/import.js';
import { bodaccListLines, bodaccLists, listedLine } from '../../src/open-data/bodacc/listed.js';

describe('the BODACC report lists, declared once', () => {
  it('names every list once, in the order a report prints them', () => {
    expect(bodaccLists).toEqual([
      'nameDisagreements',
      'unknownNatures',
      'uncertain',
      'unattached',
      'withoutOpening',
      'afterClosure',
      'missingTargets',
      'unappliedCorrections',
      'unreadTexts',
      'personsLeftOut',
      'noticesWithoutCompany',
      'unreadableDates',
      'namelessCompanies',
      'malformedSirens',
    ]);
    expect(Object.keys(bodaccListLines)).toEqual(bodaccLists);
  });

  it("prints a report's kept items list after list in that order, each with its list's line", () => {
    const at = { line: 4, notice: 'A202500000004', field: 'jugement.nature' };
    const report = {
      file: {
        where: 'line',
        personsLeftOut: [{ line: 2, notice: 'A202500000002', field: 'listepersonnes.personne.0', reason: 'no SIREN' }],
      },
      unknownNatures: [{ ...at, nature: 'Jugement étrange' }],
      malformedSirens: [
        { line: 3, notice: 'A202500000003', field: 'listepersonnes', written: '12', fault: 'too short' },
      ],
      ...Object.fromEntries(
        ['nameDisagreements', 'uncertain', 'unattached', 'withoutOpening', 'afterClosure', 'missingTargets']
          .concat(['unappliedCorrections', 'unreadTexts', 'noticesWithoutCompany', 'unreadableDates'])
          .concat(['namelessCompanies'])
          .map((l) => [l, []]),
      ),
    } as unknown as BodaccImportReport;
    expect(listedLines(report)).toEqual([
      'line 4: A202500000004: jugement.nature: unknown nature (kept as written): « Jugement étrange »',
      'line 2: A202500000002: listepersonnes.personne.0: person left out: no SIREN',
      "line 3: A202500000003: listepersonnes: '12' is not a valid SIREN (too short): no company made of it (the notice is imported)",
    ]);
    expect(listedLine({ list: 'unattached', item: { ...at, line: null } }, 'row')).toBe(
      'A202500000004 (of an earlier file): jugement.nature: no proceeding to attach to',
    );
  });
});
