// BODACC notices the tests write: one of the committed JSON-lines export, changed where a test says.
import { readFile } from 'node:fs/promises';

/** The committed export's first notice, read once (files of 20,000 notices are made of it). */
let fixtureFirst: Promise<Record<string, unknown>> | undefined;

/** A liquidation notice of the company `siren` (valid SIREN) whose judgment's text is `complement`. */
export async function liquidationNotice(n: number, siren: string, complement: string) {
  fixtureFirst ??= readFile('tests/fixtures/bodacc/annonces-commerciales.jsonl', 'utf8').then(
    (text) => JSON.parse(text.split('\n')[0]!) as Record<string, unknown>,
  );
  const base = await fixtureFirst;
  return JSON.stringify({
    ...base,
    id: `A20250700170${n}`,
    numeroannonce: `170${n}`,
    registre: [siren],
    listepersonnes: JSON.stringify({
      personne: {
        typePersonne: 'pm',
        denomination: `CONTACT ${n}`,
        numeroImmatriculation: { numeroIdentification: siren },
      },
    }),
    jugement: JSON.stringify({
      type: 'initial',
      famille: "Jugement d'ouverture",
      nature: "Jugement d'ouverture d'une procédure de liquidation judiciaire",
      date: '2025-07-01',
      complementJugement: complement,
    }),
    url_complete: `https://www.bodacc.fr/pages/annonces-commerciales-detail/?q.id=id:A20250700170${n}`,
  });
}
