// The filters and sorts of the proceeding list, declared once: the list, the
// list with `q`, /v1/search, the export and the OpenAPI document all read them.
import { type Column, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { currentAppointment, mandataires, proceedingPractitioners, proceedings } from '../../db/schema/index.js';
import { courtFilterKey, courtPlacePattern, courtText, namesCourtType } from '../../domain/courts.js';
import { invalidParameters } from '../../domain/errors.js';
import { lastDayOfMonth, partialDate, periodBound } from '../../domain/fields.js';
import { proceedingKinds, proceedingStatuses } from '../../domain/vocabulary.js';
import { entryIn, meiliIn } from '../../listing/conditions.js';
import { defineFilter, type KindFilter } from '../../listing/filter.js';
import { categoryFilter, entryId, operatorFilter, statusFilter } from '../../listing/filters.js';
import { type KindSorts, oneValue, textSort, timestampSort } from '../../listing/pagination.js';
import { openedOnNumber, proceedingStatus } from './search-entry.js';

/**
 * Proceedings a practitioner is appointed in, or a firm through its members (through proceeding_practitioners and the
 * members' `firm_id`; the search documents' `mandataire_ids` hold the appointed practitioners and their firms), open
 * or closed: an appointment a later judgment ended, replacing them (`currentAppointment`), counts not; the closure of
 * the proceeding ends none here, the `status` filter tells them apart (`status=open`: the current mandates, those the
 * practitioner's detail lists as `proceedings`; `status=closed`: the mandates held to the proceeding's end).
 */
export const mandataireFilter = defineFilter<string, Column>({
  name: 'mandataire',
  description:
    'Id of a practitioner or firm appointed in the proceeding (a firm: through any of its practitioners), open or ' +
    'closed; an appointment a later judgment ended, replacing them, counts not. With `status=open`: the current ' +
    "mandates (those the practitioner's detail lists); with `status=closed`: those held until the proceeding closed.",
  value: entryId,
  ids: mandataires,
  facets: ['mandataire'],
  where: (proceedingId, ids) =>
    sql`${proceedingId} in (select ${proceedingPractitioners.proceeding_id} from ${proceedingPractitioners}
      join ${mandataires} on ${mandataires.id} = ${proceedingPractitioners.mandataire_id}
      where ${or(inArray(mandataires.id, ids), inArray(mandataires.firm_id, ids))} and ${currentAppointment()})`,
  meili: (ids) => meiliIn('mandataire_ids', ids),
  postgres: (ids) => entryIn('mandataire_ids', ids, { array: true }),
});

/**
 * The condition a court column (lower-cased, unaccented, its hyphens and apostrophes spaces) meets for one folded key: the whole name, or, for a key
 * naming no type of court, a court of that place (« lille »: « Tribunal de commerce de Lille Metropole » too) or that
 * place alone.
 */
function courtIs(court: SQL, key: string): SQL {
  // Hyphens, apostrophes and spaces one space, `st` and `ste` saint and sainte, as the filter's keys are
  // (domain/courts.ts `keyFold`): a court whose place is no commune keeps the BODACC's « St ».
  const spaced = sql`regexp_replace(unaccent(lower(${court})), ${"[[:space:]'’.-]+"}, ' ', 'g')`;
  const folded = sql`regexp_replace(regexp_replace(${spaced}, ${'\\mst\\M'}, 'saint', 'g'), ${'\\mste\\M'}, 'sainte', 'g')`;
  // A key naming no type of court is a place: a court of that place, or a court stored as the place alone (a write's
  // « Paris »), which the `tribunal` facet offers as it is stored.
  return namesCourtType(key)
    ? sql`${folded} = ${key}`
    : sql`(${folded} ~ ${courtPlacePattern(key)} or ${folded} = ${key})`;
}

const courtsAre = (court: SQL, keys: string[]) =>
  sql`(${sql.join(
    keys.map((k) => courtIs(court, k)),
    sql` or `,
  )})`;

/**
 * Proceedings of a court, compared case, accents, hyphens and apostrophes folded after the court normaliser (domain/courts.ts): its name
 * as the directory writes it, as the BODACC does (« GREFFE DU TRIBUNAL DE COMMERCE DE LILLE METROPOLE »), or its
 * place alone (« Lille Métropole », « lille »). Values are parsed into their folded keys.
 */
export const tribunalFilter = defineFilter<string, Column>({
  name: 'tribunal',
  description:
    'Court of the proceeding, case, accents, hyphens and apostrophes ignored, St and Ste read as Saint and Sainte: its name (« Tribunal de commerce de Paris », as the BODACC ' +
    'writes it too) or its place (« Paris »).',
  value: courtText.transform((v) => courtFilterKey(v) ?? '') as unknown as z.ZodType<string, string>,
  facets: ['tribunal'],
  where: (court, keys) => courtsAre(sql`${court}`, keys),
  meili: (keys) => meiliIn('court_keys', keys),
  postgres: (keys) => courtsAre(sql.identifier('court') as unknown as SQL, keys),
});

/**
 * `opened_from` and `opened_to` (one value each), or undefined when not given; a 400 naming both when `opened_from`
 * starts after `opened_to` ends (`opened_from=2023&opened_to=2020` selects nothing: a mistake, not a question).
 */
function openedValues(name: 'opened_from' | 'opened_to', query: Readonly<Record<string, unknown>>) {
  const [from] = (query.opened_from as string[] | undefined) ?? [];
  const [to] = (query.opened_to as string[] | undefined) ?? [];
  if (from && to && periodBound(from, 'first') > periodBound(to, 'last')) {
    throw invalidParameters([
      { in: 'query', name: 'opened_from', message: `must not be after opened_to (${to})` },
      { in: 'query', name: 'opened_to', message: `must not be before opened_from (${from})` },
    ]);
  }
  const values = query[name] as string[] | undefined;
  return values?.length ? values : undefined;
}

/**
 * What `opened_from` or `opened_to` asks of the search entries' `opened_on` (`YYYYMMDD`, its unknown month or day
 * `00`: « 2017-04 » is 20170400): `opened_on >= bound` (from), or `opened_on <= bound` and not one of `except` (to).
 *
 * A proceeding dated as precisely as its source (« 2017-04 ») may have opened on any day of that period, and the
 * filter selects it when the whole period is within the range, never when they merely overlap: a list (and its count,
 * quoted as « N proceedings opened since 15 April ») then holds only what the sources say, no day is invented for an
 * unknown one, and two ranges that follow each other (`opened_to=2017-04-14`, `opened_from=2017-04-15`) never both
 * count it. So « 2017-04 » is within `opened_from=2017-04-01` and `opened_to=2017-04` (or `2017-04-30`), and neither
 * within `opened_to=2017-04-01` nor `opened_from=2017-04-27`; « 2017 » within `opened_to=2017-12-31` only at the
 * year's end.
 */
function openedCondition(name: 'opened_from' | 'opened_to', value: string): { bound: number; except: number[] } {
  const [year = 0, month = 0, day = 0] = value.split('-').map(Number);
  if (name === 'opened_from') {
    // The lowest `opened_on` whose period starts on or after the range's first day (day and month 1 if not given).
    const from = { month: Math.max(month, 1), day: Math.max(day, 1) };
    const bound =
      from.month === 1 && from.day === 1
        ? year * 10_000
        : year * 10_000 + from.month * 100 + (from.day === 1 ? 0 : from.day);
    return { bound, except: [] };
  }
  // The range's last day; a period ending after it starts before it only when it is its month's or its year's.
  const end = { month: month || 12, day: day || lastDayOfMonth(year, month || 12) };
  const except = [
    ...(end.day < lastDayOfMonth(year, end.month) ? [year * 10_000 + end.month * 100] : []),
    ...(end.month < 12 || end.day < 31 ? [year * 10_000] : []),
  ];
  return { bound: year * 10_000 + end.month * 100 + end.day, except };
}

/**
 * Proceedings opened on or after (`opened_from`) or on or before (`opened_to`) a date, a month or a year: the
 * opening judgment's date, as precise as known, its whole period within the range (`openedCondition`). One value
 * each; the two together must make a range.
 */
function openedFilter(name: 'opened_from' | 'opened_to') {
  const to = name === 'opened_to';
  const condition = ([value]: string[]) => openedCondition(name, value ?? '');
  const op = to ? '<=' : '>=';
  const whole =
    'A proceeding dated by its month or year only (« 2017-04 ») is selected when that whole period is in the range ' +
    '(« 2017-04 » is in `opened_from=2017-04-01` and `opened_to=2017-04`, not in `opened_to=2017-04-01` nor ' +
    '`opened_from=2017-04-27`): no day is guessed.';
  const description = to
    ? `Opened on or before this date, month or year (\`2024-06-30\`, \`2024-06\`, \`2024\`). ${whole}`
    : `Opened on or after this date, month or year (\`2024-01-01\`, \`2024-01\`, \`2024\`). ${whole}`;
  const sqlOf = (opened: SQL, values: string[]) => {
    const { bound, except } = condition(values);
    const excluded = except.map((e) => sql` and ${opened} <> ${e}`);
    return sql`(${opened} ${sql.raw(op)} ${bound}${sql.join(excluded)})`;
  };
  return defineFilter<string, SQL>({
    name,
    description,
    param: oneValue(partialDate as unknown as z.ZodType<string, string>, description),
    read: (query) => openedValues(name, query),
    where: (opened, values) => sqlOf(opened, values),
    meili: (values) => {
      const { bound, except } = condition(values);
      return `(${[`opened_on ${op} ${bound}`, ...except.map((e) => `opened_on != ${e}`)].join(' AND ')})`;
    },
    postgres: (values) => sqlOf(sql.identifier('opened_on') as unknown as SQL, values),
  });
}

export const openedFromFilter = openedFilter('opened_from');
export const openedToFilter = openedFilter('opened_to');

export const proceedingFilters: readonly KindFilter[] = [
  categoryFilter.on(proceedings.kind, { name: 'kind', values: proceedingKinds, example: 'en_difficulte' }),
  // Open or closed, from `closed_on`: `mandataire=x&status=open` lists the current mandates of x.
  statusFilter.on(proceedingStatus(sql`${proceedings.closed_on}`) as unknown as Column, {
    values: proceedingStatuses,
    description:
      'Status: open (under way), closed (a judgment closed it: `closed_on`; a reprise of a closed liquidation lifts ' +
      'its closure). With `mandataire`, `status=open` gives the current mandates of a practitioner or firm.',
    example: 'open',
  }),
  operatorFilter.on(proceedings.operator_id, {
    description: 'Id of the operator the proceeding concerns.',
    example: 'ipg',
  }),
  mandataireFilter.on(proceedings.id, { example: 'helene-bourbouloux' }),
  tribunalFilter.on(proceedings.court, { example: 'Tribunal de Commerce' }),
  openedFromFilter.on(openedOnNumber(sql`${proceedings.date}`), { example: '2017' }),
  openedToFilter.on(openedOnNumber(sql`${proceedings.date}`), { example: '2017' }),
];

export const proceedingSorts: KindSorts = {
  default: 'company_name',
  keys: {
    company_name: textSort(proceedings.company_name, 'name'),
    date: textSort(proceedings.date),
    created_at: timestampSort(proceedings.created_at),
    updated_at: timestampSort(proceedings.updated_at, 'updated_at'),
  },
};

/** The proceeding list: its table, filters and sorts, as its queries and its declaration (./kind.ts) read them. */
export const proceedingListing = { table: proceedings, filters: proceedingFilters, sorts: proceedingSorts };
