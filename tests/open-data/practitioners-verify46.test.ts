// Faults of /tmp/verify46 (a re-verifier's texts, now tests/fixtures/bodacc/practitioners.verify46-*.json): the reader
// alone, each instance with its exact answer.
import { describe, expect, it } from 'vitest';
import { extractPractitioners } from '../../src/open-data/bodacc/practitioners.js';

/** What the reader takes of a text: role, firm, name and city of each. */
const read = (text: string) => extractPractitioners(text).practitioners.map((p) => [p.role, p.firm, p.name, p.city]);

describe('a designation quoted in a decision infirmed, annulled or refused is no designation (fault 09)', () => {
  it.each([
    "Arrêt de la cour d'appel infirmant le jugement ayant désigné Me Ferdinand Lacroix en qualité de liquidateur.",
    "Arrêt de la cour d'appel annulant le jugement qui avait désigné Me Ferdinand Lacroix en qualité de liquidateur.",
    'Jugement rejetant la requête tendant à désigner Me Ferdinand Lacroix en qualité de liquidateur.',
    "Arrêt de la cour d'appel réformant le jugement ayant nommé liquidateur Me Ferdinand Lacroix, 3 rue Foch 34000 Montpellier.",
  ])('%s', (text) => {
    const reading = extractPractitioners(text);
    expect(reading.practitioners).toEqual([]);
    expect(reading.withoutHolder).toBeUndefined();
    expect(reading.uncertain.length).toBeGreaterThan(0);
  });

  it('the court designating anew after « statuant à nouveau » is read', () => {
    expect(
      read(
        "Arrêt de la cour d'appel infirmant le jugement ayant désigné Me Ferdinand Lacroix en qualité de liquidateur et, statuant à nouveau, désignant Me Anaïs Morel, 2 rue Foch 34000 Montpellier, en qualité de liquidateur.",
      ),
    ).toEqual([['liquidateur', null, 'Anaïs Morel', 'Montpellier']]);
  });
});
