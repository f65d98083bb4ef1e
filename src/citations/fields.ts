// What a citation's `fields` may name and what they must cover: the attributes of its entry's kind (or of the link
// it is attached to), each once; and, read back, the attributes an entry shows that no quote supports.
import type { FieldError } from '../domain/errors.js';

/**
 * Attributes a detail shows that no quote gives by itself, so that none is « sans source »: those worked out from
 * another attribute (a commune's code, département, region and postal code from the commune; a served region's
 * names from the region as printed, itself supported by a citation of `region`; an operator's, parent's or firm's
 * name from its id; a phone's national form; the precision of a position; a NAF code's label), the dates a figure
 * or a status was read (`…_as_of`, the source's own date), and a bounded list's bookkeeping (`…_total`, `…_url`).
 * The country is worked out when it is France, the directory's country (`countryWorkedOut`); the notes are an
 * attribute like another: a note no citation names is « sans source ».
 */
const workedOut = new Set([
  'commune_label',
  'commune_as_written',
  'code_commune',
  'code_postal',
  'arrondissement',
  'code_arrondissement',
  'departement_code',
  'departement_name',
  'region_code',
  'region_name',
  'former_region_name',
  'served_region_code',
  'served_region_name',
  'served_former_region_name',
  'operator_name',
  'parent_name',
  'firm_name',
  'phone_national',
  'coordinates_precision',
  'naf_label',
]);

/**
 * Attributes worked out from one cited attribute, by the field they come from: supported when that field is cited
 * (a Sirene headcount band's range, `effectifs_min`, `effectifs_max`, from its code `tranche_effectifs`, table
 * domain/sirene-codes.ts `headcountBands`), else « sans source » as any attribute (fault 05 of verify38: the range of
 * a cited band shown « sans source »).
 */
const derivedFrom: Readonly<Record<string, string>> = {
  effectifs_min: 'tranche_effectifs',
  effectifs_max: 'tranche_effectifs',
};

/** Attributes a detail shows under another name than the field a citation names (a club's `region` as printed). */
const namedInDetail: Readonly<Record<string, string>> = { served_region_as_printed: 'region' };

/** The directory's country: an entry's country when no source says otherwise (its commune's, or by default). */
const directoryCountry = 'FR';

/**
 * Whether an entry's country is worked out rather than stated: France, the directory's country (that of its French
 * commune or département, or of a body no place is known of), or the country of a city abroad a citation gives
 * (`commune` cited: « Casablanca » places the site in Morocco). Another country no citation names is « sans source ».
 */
function countryWorkedOut(entry: Record<string, unknown>, cited: ReadonlySet<string>): boolean {
  return (
    entry.country === directoryCountry ||
    (cited.has('commune') && entry.commune !== null && entry.commune !== undefined)
  );
}

/** Is `key` an attribute no quote gives by itself (`workedOut`, `…_as_of`, `…_total`, `…_url`)? */
export function isWorkedOut(key: string): boolean {
  return workedOut.has(key) || /_(as_of|total|url)$/.test(key);
}

/** A detail's bookkeeping and its own sections (citations, headcounts): never an attribute a quote supports. */
const bookkeeping = new Set(['id', 'version', 'created_at', 'updated_at', 'citations', 'last_confirmed', 'headcounts']);

/**
 * The attributes of an entry's detail that state something (not null, not an empty list, not a list of related
 * entries, which carry their own quotes) and that no citation's `fields` names, worked-out ones apart
 * (`isWorkedOut`, the country when it is worked out, and those `derivedFrom` a cited field): what its page marks « sans source », its notes and a
 * country abroad included.
 */
export function unsourcedAttributes(entry: Record<string, unknown>): string[] {
  const cited = new Set(((entry.citations ?? []) as { fields: string[] }[]).flatMap((c) => c.fields));
  const isItems = (v: unknown) =>
    Array.isArray(v) && v.length > 0 && v.every((i) => i !== null && typeof i === 'object');
  return Object.entries(entry)
    .filter(([k]) => !bookkeeping.has(k) && !isWorkedOut(k) && !cited.has(k) && !cited.has(namedInDetail[k] ?? k))
    .filter(([k]) => k !== 'country' || !countryWorkedOut(entry, cited))
    .filter(([k]) => !(k in derivedFrom && cited.has(derivedFrom[k]!)))
    .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0) && !isItems(v))
    .map(([k]) => k);
}

/**
 * The attributes a write states of its entry: each of `citable` (writes/spec.ts, the kind's writable fields and
 * links) that `input` sets to a value, not null nor an empty list (`{"name", "commune", "status"}` and a default
 * `country`), in the order of `citable`.
 */
export function statedAttributes(citable: readonly string[], input: Readonly<Record<string, unknown>>): string[] {
  return citable.filter((k) => {
    const v = input[k];
    return v !== null && v !== undefined && !(Array.isArray(v) && !v.length);
  });
}

/**
 * A create's citations (`list`), each without `fields` given those of every attribute the create states
 * (`statedAttributes`): a quote sent without saying what it supports supports the whole entry, so that a create
 * leaves no stated attribute without a source (a change's, those it changes: writes/envelope.ts `citedNames`). The
 * rule of the writers whose citation may leave its fields unsaid: the API's create (writes/kind-writes.ts) and a new
 * row of `npm run import` citing by its `citation_source` and `citation_quote` without `citation_fields`, or by a
 * `citations` cell's citation without a `fields` key (import/importer.ts). The seed's, the exports' and the open-data
 * imports' citations say what they support (an empty list: nothing, a quote giving the context) and go as they are.
 */
export function citingStated<C extends { fields: readonly string[] }>(
  citable: readonly string[],
  input: Readonly<Record<string, unknown>>,
  list: readonly C[],
): C[] {
  if (list.every((c) => c.fields.length)) return [...list];
  const stated = statedAttributes(citable, input);
  return list.map((c) => (c.fields.length ? c : { ...c, fields: stated }));
}

/**
 * What is wrong with the `fields` of citations (`at`: where the list stands, `citations` or `citation` for a link's
 * one): each must name an attribute of `citable` (the kind's, or the link's), once. « citations.0.fields.0: 'bogus'
 * is not a field of a site (name, aliases, …) ».
 */
export function citedFieldErrors(
  list: readonly { fields: readonly string[] }[],
  citable: readonly string[],
  what: string,
  at: (n: number) => string = (n) => `citations.${n}`,
): FieldError[] {
  const known = new Set(citable);
  return list.flatMap((citation, n) =>
    citation.fields.flatMap((field, m): FieldError[] => {
      const name = `${at(n)}.fields.${m}`;
      if (!known.has(field)) {
        return [{ in: 'body', name, message: `'${field}' is not a field of ${what} (${citable.join(', ')})` }];
      }
      if (citation.fields.indexOf(field) < m) return [{ in: 'body', name, message: `'${field}' is named twice` }];
      return [];
    }),
  );
}
