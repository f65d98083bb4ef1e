// Writing sites: their fields, their rules, and how they map to columns. The
// write envelope (src/writes/) does the rest, for the API and the imports.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { shown } from '../../db/withheld.js';
import type { FieldError } from '../../domain/errors.js';
import { aliasesSchema, partialDate, slugSchema } from '../../domain/fields.js';
import { identifierRefusal, siretOutsideSiren, siretSchema } from '../../domain/identifiers.js';
import { placeInputFields, placeInputOf, resolvePlace } from '../../domain/place-input.js';
import {
  coordinatePrecisions,
  headcountBandCodes,
  headcountBands,
  nafCodeSchema,
  nafLabel,
} from '../../domain/sirene-codes.js';
import { siteStatuses } from '../../domain/vocabulary.js';
import { departementPositionFault, positionFault } from '../../geo/positions.js';
import type { DateField } from '../../writes/dates.js';
import { sameWords } from '../../writes/ids.js';
import { type ColumnsContext, defineWrites } from '../../writes/kind-writes.js';
import {
  aliasErrors,
  knownReference,
  mergedAliases,
  placeColumns,
  placeGroup,
  referenceKept,
  whenSent,
} from '../../writes/rules.js';

/** What the API document says of a position a write sends (checkPositionInCommune, positionPrecision). */
const inCommune =
  "In France, a place of the site's commune: within 60 km of its centre (300 km in Guyane), or, its commune " +
  'unknown, of its département (within 60 km of one of its places), else a 422. Sent with the other coordinate; ' +
  'its precision is `exact` unless `coordinates_precision` says otherwise.';

const siteFields = {
  name: z.string().trim().min(1).max(300),
  aliases: aliasesSchema,
  operator: slugSchema.nullable().meta({ description: 'Id of the operator that runs the site.' }),
  siret: siretSchema.nullable(),
  ...placeInputFields,
  status: z.enum(siteStatuses).nullable(),
  status_as_of: partialDate.nullable(),
  opened_on: partialDate.nullable().meta({
    description: 'When the site opened, or, for a planned site, when it is announced to open (it may be to come).',
  }),
  closed_on: partialDate.nullable(),
  naf_code: nafCodeSchema.nullable(),
  tranche_effectifs: z
    .enum(headcountBandCodes)
    .nullable()
    .meta({ description: "Sirene's headcount band code (tranche d'effectifs, `21` = 50 to 99 employees)." }),
  annee_effectifs: z
    .number()
    .int({ error: 'must be a whole number' })
    .min(1900)
    .max(2100)
    .nullable()
    .meta({ description: 'The year the headcount band describes.' }),
  latitude: z
    .number()
    .min(-90)
    .max(90)
    .nullable()
    .meta({ description: `WGS84 latitude, in degrees. ${inCommune}` }),
  longitude: z
    .number()
    .min(-180)
    .max(180)
    .nullable()
    .meta({ description: `WGS84 longitude, in degrees. ${inCommune}` }),
  coordinates_precision: z
    .enum(coordinatePrecisions)
    .nullable()
    .meta({
      description:
        "How precise the position is: `exact` (a writer's position, by default when `latitude` and `longitude` are " +
        'sent without it), `approximate` (a Sirene position read from a plan) or `unstated` (no source states it). ' +
        'Only with a position (422 otherwise).',
    }),
  notes: z.string().trim().min(1).max(5000).nullable(),
};

/**
 * The precision a write gives a site's position: the one sent with it, else `exact` when the write sends a position
 * (`latitude` or `longitude`; a writer's position is where the source puts the site), else the one stored. A position
 * removed (both null) takes none.
 */
function positionPrecision(
  context: ColumnsContext,
  values: { latitude: number | null; longitude: number | null; coordinates_precision: string | null },
): string | null {
  const positionSent = context.sent.has('latitude') || context.sent.has('longitude');
  if (!positionSent || (context.sent.has('coordinates_precision') && values.coordinates_precision !== null)) {
    return values.coordinates_precision;
  }
  return values.latitude !== null && values.longitude !== null ? 'exact' : null;
}

/**
 * A position is a pair (the missing coordinate named: « longitude: is required with latitude »), and a precision is
 * a position's and a position has one (« coordinates_precision: is the precision of a position: send latitude and
 * longitude with it »; `positionPrecision` gives a position sent without it `exact`).
 */
function checkCoordinates(values: {
  latitude: number | null;
  longitude: number | null;
  coordinates_precision: string | null;
}): FieldError[] {
  const { latitude, longitude } = values;
  if ((latitude === null) !== (longitude === null)) {
    const [missing, given] = latitude === null ? ['latitude', 'longitude'] : ['longitude', 'latitude'];
    return [{ in: 'body', name: missing, message: `is required with ${given}: a position is both` }];
  }
  if ((latitude === null) !== (values.coordinates_precision === null)) {
    const message =
      latitude === null
        ? 'is the precision of a position: send latitude and longitude with it'
        : 'must be exact, approximate or unstated while the site has a position';
    return [{ in: 'body', name: 'coordinates_precision', message }];
  }
  return [];
}

/** The fields whose change moves a site to another commune, or abroad: its position is checked again. */
const communeFields: readonly string[] = [...placeGroup.replaced, 'country'];

/**
 * A site's position against its commune (`positionFault`, src/geo/positions.ts, the check the Sirene import makes):
 * inside its territory's area of use and within a commune's reach of the commune's centre (60 km, 300 km in
 * Guyane); checked when the write sets the position (`latitude` or `longitude` sent: every create) or changes the
 * commune of a site that has one. The error names `latitude` (`longitude` when only it was sent): « the position
 * 48.5734, 7.7521 is 422 km from the centre of Amiens (80021, GeoNames 3037854), farther than a commune reaches
 * (60 km) ». A site placed in a département alone (its commune unknown) is checked against that département
 * (`departementPositionFault`: within a commune's reach of one of its GeoNames places); a site in France without a
 * commune nor a département against France's areas of use (0, 0 is refused); abroad, where no reference geography places the city, only the ranges of the schema apply.
 */
function checkPositionInCommune(
  context: ColumnsContext,
  input: { latitude: number | null; longitude: number | null },
  place: {
    country: string;
    code_commune: string | null;
    code_arrondissement: string | null;
    departement_code: string | null;
  } | null,
): FieldError[] {
  const { latitude, longitude } = input;
  if (latitude === null || longitude === null || !place || place.country !== 'FR') return [];
  const positionSent = context.sent.has('latitude') || context.sent.has('longitude');
  if (!positionSent && !communeFields.some((f) => context.sent.has(f))) return [];
  const commune = place.code_arrondissement ?? place.code_commune;
  const position = { latitude, longitude };
  // A site placed in a département alone (its commune unknown) is a place of that département.
  const fault =
    !commune && place.departement_code
      ? departementPositionFault(position, place.departement_code)
      : positionFault(position, commune);
  if (!fault) return [];
  const name = context.sent.has('longitude') && !context.sent.has('latitude') ? 'longitude' : 'latitude';
  return [{ in: 'body', name, message: `the position ${latitude}, ${longitude} ${fault}` }];
}

type SiteStatusFields = {
  status: string | null;
  status_as_of: string | null;
  opened_on: string | null;
  closed_on: string | null;
};

/** A SIRET whose check digit is wrong (La Poste's rule included), or of zeros (`identifierRefusal`). */
export function checkSiret(siret: string | null | undefined): FieldError[] {
  const refusal = siret ? identifierRefusal(siret, 'SIRET') : null;
  return refusal ? [{ in: 'body', name: 'siret', message: refusal }] : [];
}

/**
 * A site's SIRET belongs to its operator's legal unit: when both are known, its first nine digits are the operator's
 * SIREN (422 naming `siret`, `siretOutsideSiren`), checked when either is sent. An import reads each operator's SIREN
 * once (`KnownReferences`).
 */
async function siretOfItsOperator(
  db: Db,
  context: ColumnsContext,
  input: { siret: string | null; operator: string | null },
): Promise<FieldError[]> {
  const { siret, operator } = input;
  if (!siret || !operator || !(context.sent.has('siret') || context.sent.has('operator'))) return [];
  let siren = context.known?.recall('operators:siren', operator) as string | null | undefined;
  if (siren === undefined) {
    const [row] = await db.execute<{ siren: string | null }>(
      sql`select siren from operators where id = ${operator} and ${shown('operators')}`,
    );
    siren = row?.siren ?? null;
    context.known?.remember('operators:siren', operator, siren);
  }
  const refusal = siren && siretOutsideSiren(siret, siren, operator);
  return refusal ? [{ in: 'body', name: 'siret', message: refusal }] : [];
}

/**
 * Refuses (409) a merge whose survivor, without a SIRET, would take the duplicate's while that SIRET is not of its
 * operator's SIREN (`siretOutsideSiren`).
 */
async function siretKeptInMerge(db: Db, from: string, to: string): Promise<string | null> {
  const [row] = await db.execute<{ siret: string | null; operator_id: string | null; siren: string | null }>(sql`
    select f.siret, t.operator_id, o.siren
      from sites t join sites f on f.id = ${from}
      left join operators o on o.id = t.operator_id and ${shown('operators', 'o')}
     where t.id = ${to} and t.siret is null`);
  if (!row?.siret || !row.siren || !row.operator_id) return null;
  const refusal = siretOutsideSiren(row.siret, row.siren, row.operator_id);
  return refusal && `into: '${to}' cannot take the SIRET of '${from}': ${refusal}`;
}

/** Rules between fields: a closed site has a closing date; an open one has none (its dates: `siteDates`). */
export function checkStatus(values: SiteStatusFields): FieldError[] {
  const errors: FieldError[] = [];
  // When the source gives no closing date, the date the closure was reported stands for it.
  if (values.status === 'closed' && !values.closed_on && !values.status_as_of) {
    errors.push({
      in: 'body',
      name: 'closed_on',
      message: 'is required for a closed site (or status_as_of, when the closure was reported)',
    });
  }
  if ((values.status === 'open' || values.status === 'planned') && values.closed_on) {
    errors.push({ in: 'body', name: 'closed_on', message: `must be null for a site that is ${values.status}` });
  }
  return errors;
}

/**
 * A site's dates (writes/dates.ts): none to come, but the opening a planned site announces; its closing not before
 * its opening, nor the date a closed or relocated site's closure was reported (`status_as_of`, which stands for its
 * `closed_on`) before its opening or its closing (a closure is not reported before it happened). `annee_effectifs` is a year that has come, as Sirene's import reads it, and not after its closing.
 */
const siteDates: DateField<{ status: string | null }>[] = [
  {
    field: 'status_as_of',
    ends: ['opened_on', 'closed_on'],
    endsWhen: { dependsOn: ['status'], applies: (site) => site.status === 'closed' || site.status === 'relocated' },
  },
  {
    field: 'opened_on',
    toCome: {
      dependsOn: ['status'],
      allowed: (site) => site.status === 'planned',
      otherwise: "only a planned site's opening may be",
    },
  },
  { field: 'closed_on', ends: 'opened_on' },
  // The year its headcount band describes, as its headcounts' dates (`closedBy`): not after its closing.
  { field: 'annee_effectifs', notAfter: 'closed_on' },
];

export const siteWrites = defineWrites(
  'Site',
  siteFields,
  {
    target: { name: 'site', tableName: 'sites', citationColumn: 'site_id' },
    // Its links a citation may name besides its fields (citations/fields.ts).
    links: ['headcounts', 'clients'],
    groups: [placeGroup],
    datedBy: { status: 'status_as_of' },
    dates: siteDates,
    // A site closed in 2017-04 has no headcount counted in 2019 (a closure reported later, `status_as_of`, may be).
    closedBy: 'closed_on',
    defaults: { country: 'FR', aliases: [] },
    fromRow: (row) => ({
      name: row.name as string,
      aliases: row.aliases as string[],
      operator: row.operator_id as string | null,
      siret: row.siret as string | null,
      ...placeInputOf(row),
      status: row.status as (typeof siteStatuses)[number] | null,
      status_as_of: row.status_as_of as string | null,
      opened_on: row.opened_on as string | null,
      closed_on: row.closed_on as string | null,
      naf_code: row.naf_code as string | null,
      tranche_effectifs: row.tranche_effectifs as (typeof headcountBandCodes)[number] | null,
      annee_effectifs: row.annee_effectifs as number | null,
      latitude: row.latitude as number | null,
      longitude: row.longitude as number | null,
      coordinates_precision: row.coordinates_precision as (typeof coordinatePrecisions)[number] | null,
      notes: row.notes as string | null,
    }),
    async toColumns(db: Db, input, context) {
      const { place, errors } = placeColumns(input, context);
      const precision = positionPrecision(context, input);
      errors.push(
        ...aliasErrors(context, input),
        ...checkStatus(input),
        ...checkCoordinates({ ...input, coordinates_precision: precision }),
        ...checkPositionInCommune(context, input, place),
        ...whenSent(context, 'siret', checkSiret(input.siret)),
        ...(await siretOfItsOperator(db, context, input)),
        ...(await knownReference(db, context, {
          field: 'operator',
          value: input.operator,
          tableName: 'operators',
          label: 'operator',
        })),
      );
      const {
        operator,
        country: _c,
        address: _a,
        commune: _m,
        departement: _d,
        code_commune: _cc,
        code_postal: _p,
        ...rest
      } = input;
      // The NAF label and the band's range are read from the reference tables, never sent.
      const band = input.tranche_effectifs ? headcountBands[input.tranche_effectifs] : null;
      const derived = {
        naf_label: input.naf_code ? nafLabel(input.naf_code) : null,
        effectifs_min: band?.min ?? null,
        effectifs_max: band?.max ?? null,
      };
      const operatorId = await referenceKept(db, context, {
        value: operator,
        column: 'operator_id',
        tableName: 'operators',
      });
      const columns = { ...rest, coordinates_precision: precision, ...derived, operator_id: operatorId, ...place };
      return { errors, columns };
    },
    references: [{ field: 'operator', kind: 'operator', tableName: 'operators' }],
    // A SIRET is one establishment's: a firm (an étude) holding it is that establishment (writes/spec.ts).
    identifiers: [
      {
        field: 'siret',
        column: 'siret',
        label: 'SIRET',
        sharedWith: [{ kind: 'mandataire', tableName: 'mandataires', column: 'siret' }],
      },
    ],
    idWords: (input) => {
      const place = resolvePlace(input);
      return `${input.name} ${(place.ok ? place.place.commune : input.commune) ?? ''}`;
    },
    describeWords: (input) => {
      const place = resolvePlace(input);
      const commune = (place.ok ? place.place.commune : input.commune) ?? null;
      return `named '${sameWords(input.name)}'${commune ? ` in ${commune}` : ''}`;
    },
    async moveReferences(db, from, to) {
      await db.execute(sql`update headcounts set site_id = ${to} where site_id = ${from}`);
      await db.execute(sql`update site_clients set site_id = ${to} where site_id = ${from}`);
      // A year's band the survivor has stays its own; the merged site's other years join it.
      await db.execute(sql`
        insert into headcount_bands (site_id, tranche_effectifs, effectifs_min, effectifs_max, year, source_id, quote)
        select ${to}, tranche_effectifs, effectifs_min, effectifs_max, year, source_id, quote
          from headcount_bands where site_id = ${from}
        on conflict do nothing`);
      await db.execute(sql`delete from headcount_bands where site_id = ${from}`);
      await db.execute(sql`
        insert into proceeding_sites (proceeding_id, site_id)
        select proceeding_id, ${to} from proceeding_sites where site_id = ${from}
        on conflict do nothing`);
    },
    checkMerge: siretKeptInMerge,
    survivorColumns: mergedAliases,
  },
  {
    patch:
      'The fields to change. The fields that say which commune (commune, departement, code_commune, ' +
      'code_postal) are replaced together; address and country change alone.',
  },
);
