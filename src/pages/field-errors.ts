// The page's own French words for the errors of a page's address (a 400: a results page, a source's citations):
// each refused parameter named by its French label (labels.ts), and what is wrong with it in French. The API's
// messages are English (http/, listing/); the page reads their closed shapes here, once. The rules cover every
// message a results page's parameters can get (tests/pages/french.test.ts walks them all with bad values); a message
// no rule knows would say « valeur refusée », never the English text.
import type { FieldError } from '../domain/errors.js';
import { filterValueLabel, frenchNumber, parameterLabel, sortLabel, valueLabel } from './labels.js';

const quote = (text: string) => `« ${text} »`;

/** Kinds the API lists (`site, proceeding`) in the page's words: « de site ou de procédure ». */
const kindsLabel = (kinds: string) =>
  kinds
    .split(', ')
    .map((kind) => `${/^[aeiouh]/.test(valueLabel(kind)) ? 'd’' : 'de '}${valueLabel(kind)}`)
    .join(' ou ');

/** How a closed list's values are named, by parameter: an order by the sort menu's words, a facet by its label. */
const listedValue: Record<string, (value: string) => string> = { sort: sortLabel, facets: parameterLabel };

/** English message shapes (listing/, domain/) → the page's French sentence (`name`: the refused parameter). */
const rules: [RegExp, (m: RegExpMatchArray, name: string) => string][] = [
  [/^is required with (\w+)$/, (m) => `à donner avec ${quote(parameterLabel(m[1]!))}`],
  [/^is not a known parameter$/, () => 'paramètre inconnu de cette page'],
  [
    /^'(.*)' is not one of (.+)$/,
    (m, name) => {
      const values = m[2]!
        .split(', ')
        .map(listedValue[name] ?? valueLabel)
        .join(', ');
      return name === 'facets'
        ? `${quote(m[1]!)} ne peut pas être compté ; comptages possibles : ${values}`
        : `${quote(m[1]!)} n’est pas une valeur possible ; valeurs possibles : ${values}`;
    },
  ],
  // A filter or a value of another kind than those searched (listing/search-filters.ts, checkSearchedKinds).
  [
    /^is not a filter of (.+) \(kind\), only of (.+)$/,
    (m) => `ne s’applique pas aux fiches ${kindsLabel(m[1]!)}, seulement aux fiches ${kindsLabel(m[2]!)}`,
  ],
  [
    /^'(.*)' is not a \w+ of (.+) \(kind\): (.*)$/,
    (m, name) =>
      `${quote(filterValueLabel(name, m[1]!))} ne s’applique pas aux fiches ${kindsLabel(m[2]!)} ; valeurs ` +
      `possibles : ${m[3]!
        .split(', ')
        .map((v) => filterValueLabel(name, v))
        .join(', ')}`,
  ],
  [/^unknown [^']+ '(.*)'$/, (m) => `${quote(m[1]!)} est inconnu de l’annuaire`],
  [
    /^'(.*)' is not an ISO 3166-1 alpha-2 country code/,
    (m) => `${quote(m[1]!)} n’est pas un code de pays ISO 3166-1 alpha-2 (comme FR, BE, MA)`,
  ],
  [/^must be at most (\d+) characters$/, (m) => `${frenchNumber(m[1]!)} caractères au plus`],
  [
    /^is (\d+) characters long: must be at most (\d+)$/,
    (m) => `${frenchNumber(m[1]!)} caractères : ${frenchNumber(m[2]!)} au plus`,
  ],
  [
    /^must be latitude,longitude in decimal degrees/,
    () => 'un point s’écrit latitude,longitude en degrés décimaux, par exemple 48.8566,2.3522',
  ],
  [
    /^(latitude|longitude) must be from (-?\d+) to (\d+)$/,
    (m) => `la ${m[1]} va de ${frenchNumber(m[2]!)} à ${frenchNumber(m[3]!)}`,
  ],
  [
    /^must be a number of km greater than 0 and at most (\d+)$/,
    (m) => `un nombre de kilomètres plus grand que 0 et d’au plus ${frenchNumber(m[1]!)}`,
  ],
  [
    /^must be a whole number from (\d+) to (\d+)$/,
    (m) => `un nombre entier de ${frenchNumber(m[1]!)} à ${frenchNumber(m[2]!)}`,
  ],
  [
    /^page × limit must not exceed (\d+)/,
    (m) =>
      `les résultats s’arrêtent à ${frenchNumber(m[1]!)} fiches (page × résultats par page) : précisez la recherche`,
  ],
  [
    /^must be a date as precise as its source/,
    () => 'une année, un mois ou un jour : AAAA, AAAA-MM ou AAAA-MM-JJ (2024, 2024-03, 2024-03-15)',
  ],
  [/^'(.*)' is not a date of the calendar$/, (m) => `${quote(m[1]!)} n’est pas une date du calendrier`],
  [
    /^must not be (after|before) (\w+) \((.*)\)$/,
    (m) => `ne peut pas être ${m[1] === 'after' ? 'après' : 'avant'} ${quote(parameterLabel(m[2]!))} (${m[3]})`,
  ],
  [/^must name a court or its place$/, () => 'doit nommer un tribunal ou sa ville'],
  [/^distance needs near and radius_km$/, () => 'le tri par distance demande un point et un rayon'],
  [/^must be a headcount band code/, () => 'un code de tranche d’effectifs de Sirene (NN, 00, 01… 53)'],
  [/^'(.*)' is not a NAF rév\. 2 sub-class code/, (m) => `${quote(m[1]!)} n’est pas un code NAF (comme 82.20Z)`],
  [/^must be given once$/, () => 'à donner une seule fois'],
  [/^must contain a letter or digit$/, () => 'doit contenir au moins une lettre ou un chiffre'],
  [/^is empty: omit it for the first page$/, () => 'vide : à omettre pour la première page'],
  [
    /^(is not a cursor returned by this API|was made for |was signed with a key this API no longer holds)/,
    () => 'cette position ne vient pas de cette liste : reprenez-la à son début',
  ],
  [/^takes one value, not a list \('(.*)'\)$/, (m) => `une seule valeur, pas une liste (${quote(m[1]!)})`],
  [/^must be a slug/, () => 'un identifiant : lettres minuscules, chiffres et tirets simples'],
  [/^must not contain the NUL character$/, () => 'ne doit pas contenir le caractère NUL'],
  [
    /^must not contain the control character (U\+[0-9A-F]{4})/,
    (m) => `ne doit pas contenir le caractère de contrôle ${m[1]}`,
  ],
  [/^must not contain (U\+[0-9A-F]{4}), which is not a character$/, (m) => `ne doit pas contenir ${m[1]}`],
  [/^must be one line/, () => 'doit tenir sur une ligne'],
  [/^must be Unicode text/, () => 'doit être du texte Unicode'],
  // Which fault it is (http/text.ts `percentFaultMessage`, one rule for the API's parameters and the pages').
  [
    /^must be percent-encoded UTF-8: '(.*)' is a '%' not followed by two hexadecimal digits$/,
    (m) => `mal écrit dans l’adresse : « ${m[1]} » : un « % » doit y être suivi de deux chiffres hexadécimaux`,
  ],
  [
    /^must be percent-encoded UTF-8: the bytes (\S+) are no UTF-8 text/,
    (m) =>
      `mal écrit dans l’adresse : les octets ${m[1]} n’y forment pas un texte UTF-8 (un lien écrit dans un autre encodage ?)`,
  ],
];

/** A refused parameter of a page's address, in French: « Rayon (km) : à donner avec « Autour du point … » ». */
export function frenchFieldError(error: FieldError): string {
  for (const [pattern, french] of rules) {
    const match = pattern.exec(error.message);
    if (match) return `${parameterLabel(error.name)} : ${french(match, error.name)}`;
  }
  return `${parameterLabel(error.name)} : valeur refusée`;
}
