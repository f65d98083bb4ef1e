// The ISO 3166-1 country a country's name tells, as INSEE's Sirene stock writes foreign countries
// (`libellePaysEtrangerEtablissement`): the Sirene import (open-data/sirene/map.ts) reads a site's `country` with it,
// and the rule of the stock's quotes (domain/sirene-codes.ts) derives the country a quoted record gives the same way.
import { createRequire } from 'node:module';
// The library alone: its main module also loads all of its 80 locales, only French and English are used.
import countries from 'i18n-iso-countries/index.js';
import type { Country } from 'world-countries';

const require = createRequire(import.meta.url);

/** Words a country's name may have or lack in one spelling and not another (« CONGO (REPUBLIQUE DU) »). */
const linkWords = new Set(['D', 'DE', 'DES', 'DU', 'L', 'LA', 'LE', 'LES', 'ET', 'ILE', 'ILES']);

/**
 * The significant words of a country's name, accents, case, punctuation and link words folded away:
 * « Côte-d'Ivoire » and « COTE D'IVOIRE » are `COTE IVOIRE`; order is not kept (INSEE writes
 * « CONGO (REPUBLIQUE DEMOCRATIQUE) » for « République démocratique du Congo »).
 */
function countryWords(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w !== '' && !linkWords.has(w));
}

type CountryNames = { code: string; words: Set<string> }[];
let countryNames: { french: CountryNames; english: CountryNames } | null = null;
/**
 * The names of each ISO 3166-1 country: in French, i18n-iso-countries' names and aliases, CLDR's (Node's Intl) and
 * world-countries' official and common names (« République de Corée », « Congo »: INSEE's labels follow ISO 3166's
 * French short names, « COREE (REPUBLIQUE DE) », « CONGO », which the first two lack); in English, world-countries'
 * common and official names (INSEE writes « IRAQ » where every French name says « Irak »).
 */
function namesOfCountries() {
  if (countryNames) return countryNames;
  // Read here, on the first name asked, rather than when the module loads: world-countries' file is 1.4 MB of JSON
  // (tens of ms of CPU), which a server's start would otherwise spend while its engines start.
  countries.registerLocale(require('i18n-iso-countries/langs/fr.json'));
  /** world-countries' data (ODbL 1.0, mledoze/countries): its French and English names only. */
  const worldCountries: Country[] = require('world-countries/countries.json');
  const cldr = new Intl.DisplayNames(['fr'], { type: 'region', fallback: 'none' });
  const names = countries.getNames('fr', { select: 'all' });
  const of = (code: string, spellings: string[]) =>
    [...new Set(spellings)].filter(Boolean).map((name) => ({ code, words: new Set(countryWords(name)) }));
  const known = worldCountries.filter((country) => country.cca2 in names);
  countryNames = {
    french: Object.entries(names).flatMap(([code, spellings]) => {
      const french = known.find((country) => country.cca2 === code)?.translations.fra;
      return of(code, [...spellings, cldr.of(code) ?? '', french?.official ?? '', french?.common ?? '']);
    }),
    english: known.flatMap((country) => of(country.cca2, [country.name.common, country.name.official])),
  };
  return countryNames;
}

/**
 * The countries whose names fit `words`: those with a name of the same words, else those with a name holding all
 * of them, else (`holding`) those with a name whose words it all holds. A set of one is the country.
 */
function countriesOfWords(words: string[], names: CountryNames, holding: boolean): Set<string> {
  const same = new Set<string>();
  const within = new Set<string>();
  const held = new Set<string>();
  for (const { code, words: of } of names) {
    if (holding && [...of].every((w) => words.includes(w))) held.add(code);
    if (!words.every((w) => of.has(w))) continue;
    within.add(code);
    if (of.size === words.length) same.add(code);
  }
  return same.size ? same : within.size ? within : held;
}

/**
 * A word without the endings of French gender and number (-e, -s, -es), which spellings of one name differ by
 * (INSEE's « CAIMANES », « Caïmans » of ISO's and CLDR's French names): « CAIMAN ». Kept whole when that would leave
 * fewer than four letters (« ILE », « USA »).
 */
function stem(word: string): string {
  const bare = word.replace(/E?S$|E$/, '');
  return bare.length >= 4 ? bare : word;
}

let countryStems: CountryNames | null = null;
/**
 * Each country's words in all its names at once, French and English, stemmed (`stem`): a label may spell one word
 * as a French name does and another as an English one (INSEE's « TURKS ET CAIQUES »: « Turks » of « Turks and Caicos
 * Islands », « Caïques » of « Îles Turques-et-Caïques »).
 */
function stemsOfCountries(): CountryNames {
  if (countryStems) return countryStems;
  const { french, english } = namesOfCountries();
  const byCode = new Map<string, Set<string>>();
  for (const { code, words } of [...french, ...english]) {
    const all = byCode.get(code) ?? new Set<string>();
    for (const w of words) all.add(stem(w));
    byCode.set(code, all);
  }
  countryStems = [...byCode].map(([code, words]) => ({ code, words }));
  return countryStems;
}

/**
 * The one country a name tells: French names first; English ones, same words only, when no French name fits; and
 * when neither fits, the one country whose names, French and English together, hold all its words once their French
 * endings are folded (`stem`, `stemsOfCountries`: « CAIMANES (ILES) », « TURKS ET CAIQUES (ILES) »).
 */
function countryOfName(name: string): string | undefined {
  const words = countryWords(name);
  if (words.length === 0) return undefined;
  const { french, english } = namesOfCountries();
  let codes = countriesOfWords(words, french, true);
  if (codes.size === 0) codes = countriesOfWords(words, english, false);
  if (codes.size === 0) codes = countriesOfWords(words.map(stem), stemsOfCountries(), false);
  return codes.size === 1 ? [...codes][0] : undefined;
}

/**
 * The ISO 3166-1 alpha-2 code of a foreign country as Sirene's stock names it (`libellePaysEtrangerEtablissement`:
 * INSEE's COG label in capitals without accents, `ALGERIE`, `ETATS-UNIS`, `CONGO`, `COREE (REPUBLIQUE DE)`,
 * `CONGO (REPUBLIQUE DEMOCRATIQUE)`, `PALAOS (ILES)`), from the French names of i18n-iso-countries (names and
 * aliases), of CLDR (Node's Intl.DisplayNames) and of world-countries (official and common), compared word by word
 * with accents, case, punctuation, link words (de, du, la…, and « île(s) », which one spelling has and another
 * lacks) and word order folded (`countryWords`: a parenthesised qualifier, « (REPUBLIQUE DE) », is words like the
 * others): the one country a name has the same words as, else the one country whose name holds all its words
 * (`ETATS UNIS` in « États-Unis d'Amérique »), else the one whose name's words it all holds (`SAMOA OCCIDENTALES`:
 * « Samoa »); a label no French name fits at all, by the same words of an English name (`IRAQ`), else by the words of
 * all its names at once with French endings folded (`CAIMANES (ILES)` KY, `TURKS ET CAIQUES (ILES)` TC). A label of two
 * names (`IRLANDE, ou EIRE`, `MALOUINES, OU FALKLAND (ILES)`) is each name alone: the names told must tell one
 * country. Undefined when none or several match (`COREE`, the Korea of before 1945; `CAMEROUN ET TOGO`): never
 * guessed. No package kept maps
 * INSEE's own country codes (COG 99xxx, `codePaysEtrangerEtablissement`) to ISO's: the label tells the country.
 */
export function countryOf(name: string): string | undefined {
  const told = new Set<string>();
  for (const part of name.split(/,?\s+ou\s+/i)) {
    const code = countryOfName(part);
    if (code) told.add(code);
  }
  return told.size === 1 ? [...told][0] : undefined;
}
