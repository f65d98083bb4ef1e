// The dates a write gives, checked as what they state: a fact that happened (a closing, a status as of, a figure as
// of, a judgment) is not dated after today, and an end is not before its start. Each kind declares its date fields
// once (`KindWritesSpec.dates`, headcounts their own), and every write path checks them: the API, `npm run import`
// and the open-data imports (through the write envelope). A fact is not dated after the sources that state it were
// published either (`laterThanSources`), but for what a source may announce (a planned site's opening).
import type { FieldError } from '../domain/errors.js';
import { endsBefore, isToCome, periodBound } from '../domain/fields.js';

/** A date field of a kind (a date as precise as its source, or a year such as `annee_effectifs`) and its rule. */
export interface DateField<Input> {
  /** The field, or a path into one (`hotline.opened_on`). */
  field: string;
  /**
   * When a date to come is meaningful (a planned site's announced opening): the fields it depends on, the test, and
   * the words of the refusal otherwise (« only a planned site's opening may be »). Absent, the field states something
   * that happened, and a date to come is always refused.
   */
  toCome?: { dependsOn: readonly string[]; allowed: (input: Input) => boolean; otherwise: string };
  /**
   * The field whose start this one ends (a `closed_on` ends an `opened_on`), or the fields it comes after (a closed
   * site's `status_as_of`: its `opened_on` and its `closed_on`): refused when certainly before one, each named.
   */
  ends?: string | readonly string[];
  /**
   * When this field ends `ends` only in some states (a site's `status_as_of` dates its closure only when it is closed
   * or relocated): the fields it depends on and the test. Absent, it always ends them.
   */
  endsWhen?: { dependsOn: readonly string[]; applies: (input: Input) => boolean };
  /**
   * The field this one is not after (a site's `annee_effectifs`, the year its headcount band describes, is not after its
   * `closed_on`: a site closed in 2017-04 has no band of 2019): refused when certainly after it, naming this field.
   */
  notAfter?: string;
}

/** The value at a field's path (`hotline.opened_on`): a date, a year (a number), or null when absent. */
function valueAt(input: unknown, path: string): string | number | null {
  let value: unknown = input;
  for (const key of path.split('.')) value = value && typeof value === 'object' ? (value as never)[key] : null;
  return typeof value === 'string' || typeof value === 'number' ? value : null;
}

/** The field of the body a path is sent as (`hotline` for `hotline.opened_on`). */
const root = (path: string) => path.split('.')[0]!;

/**
 * What is wrong with the dates of an entry: each date to come where its field states what happened (« 2099-01 is a
 * date to come », `isToCome`: a partial date only when its whole period is after today), each end certainly before
 * its start (« 2018 must not be before opened_on (2019-05) », `endsBefore`: the field and both dates named). A field is checked when it is sent or one its rule reads
 * is (a PATCH of `status` checks `opened_on`): a date stored before the rule does not refuse a write of another field.
 */
export function dateErrors<Input>(
  fields: readonly DateField<Input>[],
  input: Input,
  sent: ReadonlySet<string>,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const { field, toCome, ends, endsWhen, notAfter } of fields) {
    const given = valueAt(input, field);
    if (given === null) continue;
    const value = String(given);
    const checked = (...paths: string[]) => paths.some((p) => sent.has(root(p)));
    if (isToCome(value) && checked(field, ...(toCome?.dependsOn ?? [])) && !toCome?.allowed(input)) {
      const what = typeof given === 'number' ? 'year' : 'date';
      const message = `${value} is a ${what} to come${toCome ? `: ${toCome.otherwise}` : ''}`;
      errors.push({ in: 'body', name: field, message });
    }
    const end = notAfter ? valueAt(input, notAfter) : null;
    if (notAfter && end !== null && checked(field, notAfter) && endsBefore(String(end), value)) {
      errors.push({ in: 'body', name: field, message: `${value} must not be after ${notAfter} (${end})` });
    }
    if (!ends || (endsWhen && !endsWhen.applies(input))) continue;
    for (const start of typeof ends === 'string' ? [ends] : ends) {
      const at = valueAt(input, start);
      if (at === null || !checked(field, start, ...(endsWhen?.dependsOn ?? []))) continue;
      if (endsBefore(value, String(at))) {
        errors.push({ in: 'body', name: field, message: `${value} must not be before ${start} (${at})` });
      }
    }
  }
  return errors;
}

/** A citation as `laterThanSources` reads it: its source, when that source was published (null: unknown), its fields. */
export interface DatedCitation {
  source_id: string;
  published_on: string | null;
  /** The attributes it supports; none named: every attribute the write states. */
  fields: readonly string[];
}

/**
 * What is wrong with the dates of an entry against its sources: each date field sent (a PATCH's fields, a create's)
 * whose whole period is after the publication of every source supporting it (a citation naming the field, or the
 * object it is in, `hotline` for `hotline.opened_on`, or naming none), each publication known (a partial date by its
 * whole period: `2017-05` is after a source of `2017-04-26`, `2017-04` is not; `periodBound`). « 2030-01 is after its
 * source 'x' was published (2017-04-26) », naming the latest source; a field whose date to come is meaningful (a
 * planned site's opening, `toCome.allowed`) may be after its source too: a source announces it.
 */
export function laterThanSources<Input>(
  fields: readonly DateField<Input>[],
  input: Input,
  sent: ReadonlySet<string>,
  citations: readonly DatedCitation[],
): FieldError[] {
  const errors: FieldError[] = [];
  for (const { field, toCome } of fields) {
    const given = valueAt(input, field);
    if (given === null || !sent.has(root(field))) continue;
    const supporting = citations.filter(
      (c) => !c.fields.length || c.fields.includes(field) || c.fields.includes(root(field)),
    );
    if (!supporting.length || supporting.some((c) => c.published_on === null)) continue;
    const latest = supporting.reduce((a, b) =>
      periodBound(b.published_on!, 'last') > periodBound(a.published_on!, 'last') ? b : a,
    );
    const value = String(given);
    if (periodBound(value, 'first') <= periodBound(latest.published_on!, 'last')) continue;
    if (toCome?.allowed(input)) continue;
    const message =
      `${value} is after its source '${latest.source_id}' was published (${latest.published_on})` +
      (toCome ? `: ${toCome.otherwise}` : ': a source tells what happened by the day it was published');
    errors.push({ in: 'body', name: field, message });
  }
  return errors;
}

/**
 * What is wrong with an entry's end (`field`, its `value`: a site's `closed_on`, an operator's `ceased_on`, the kind's
 * `closedBy`) against its stored dated facts (`facts`: each as a message names it, « its headcount 12 », and its date,
 * null when unknown): the latest fact certainly after the end, told naming the end's field, the fact and both dates:
 * « 2017-04 must not be before the as_of of its headcount 12 (2019) ». None when the end is null.
 */
export function closedBeforeFacts(
  field: string,
  value: string | null,
  facts: readonly { what: string; value: string | null }[],
  part: FieldError['in'] = 'body',
): FieldError[] {
  if (value === null) return [];
  const after = facts
    .filter((f): f is { what: string; value: string } => f.value !== null && endsBefore(value, f.value))
    .sort((a, b) => periodBound(a.value, 'last') - periodBound(b.value, 'last') || (a.what < b.what ? -1 : 1))
    .at(-1);
  return after
    ? [{ in: part, name: field, message: `${value} must not be before ${after.what} (${after.value})` }]
    : [];
}

/**
 * What is wrong with dates that a fact of another entry ends (a practitioner's appointment: not after the proceeding's
 * `closed_on`, its closing judgment): each of `dates` (a value null when unknown) certainly after `end` (`endsBefore`;
 * an end null: nothing to check), told with the field and both dates: « 2025-07-02 must not be after the proceeding's
 * closed_on (2025-06-25) ».
 */
export function afterEnd(
  dates: readonly { field: string; value: string | null }[],
  end: { label: string; value: string | null },
  part: FieldError['in'] = 'body',
): FieldError[] {
  if (end.value === null) return [];
  return dates
    .filter((d) => d.value !== null && endsBefore(end.value!, d.value))
    .map((d) => ({ in: part, name: d.field, message: `${d.value} must not be after ${end.label} (${end.value})` }));
}

/**
 * What is wrong with dates that a fact of another entry bounds (a practitioner's appointment and its end, a
 * proceeding's notices: none before the proceeding's opening judgment, its `date`): each of `dates` (field and value,
 * a value null when unknown) certainly before `start` (`endsBefore`; a start null: nothing to check), told with the
 * field and both dates: « 1800 must not be before the proceeding's date (2025-03-12) ».
 */
export function beforeStart(
  dates: readonly { field: string; value: string | null }[],
  start: { label: string; value: string | null },
  part: FieldError['in'] = 'body',
): FieldError[] {
  if (start.value === null) return [];
  return dates
    .filter((d) => d.value !== null && endsBefore(d.value, start.value!))
    .map((d) => ({
      in: part,
      name: d.field,
      message: `${d.value} must not be before ${start.label} (${start.value})`,
    }));
}
