// Geographic search: the `near` filter (a point, and `radius_km` around it), its conditions in SQL (great-circle
// distance by the haversine formula over the latitude/longitude columns, after a bounding box an index on them
// can use) and in Meilisearch (`_geoRadius`), the sort by distance from that point (`_geoPoint`), and each
// entry's distance from it (`distance_km`), in SQL and, for Meilisearch's hits, from their `_geo`.
import { and, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { z } from 'zod';
import { invalidParameters } from '../domain/errors.js';
import { earthRadiusKm, greatCircleKm } from '../geo/distance.js';
import { defineFilter } from './filter.js';
import type { SortKey } from './pagination.js';

/**
 * Distances are given in km to this many decimals (10 m): finer would claim more than the positions (Sirene's
 * geolocation of an address) and the sphere (within about 0.5 % of the ellipsoid's distance) hold.
 */
const distanceDecimals = 2;
/** The largest radius a `near` search takes, in km. */
export const maxRadiusKm = 1000;

/** A WGS84 position, in decimal degrees. */
export interface Point {
  lat: number;
  lng: number;
}

/** What `near` and `radius_km` select: the entries within `radius_km` km of the point. */
export interface Circle extends Point {
  radius_km: number;
}

/** A kind's position columns (WGS84 degrees, both null when unknown). */
export interface PositionColumns {
  latitude: SQLWrapper;
  longitude: SQLWrapper;
}

/** The columns of the `search_entries` view (the PostgreSQL fallback). */
const entryPosition: PositionColumns = { latitude: sql.identifier('latitude'), longitude: sql.identifier('longitude') };

const decimal = /^[+-]?\d{1,4}(\.\d{1,15})?$/;

const pointParam = z
  .preprocess((v) => (Array.isArray(v) ? null : v), z.string({ error: 'must be given once' }))
  .transform((raw, ctx): Point[] => {
    const parts = raw.split(',').map((p) => p.trim());
    if (parts.length !== 2 || !parts.every((p) => decimal.test(p))) {
      ctx.addIssue({ code: 'custom', message: 'must be latitude,longitude in decimal degrees, e.g. 48.8566,2.3522' });
      return z.NEVER;
    }
    const [lat, lng] = parts.map(Number) as [number, number];
    if (lat < -90 || lat > 90) ctx.addIssue({ code: 'custom', message: 'latitude must be from -90 to 90' });
    if (lng < -180 || lng > 180) ctx.addIssue({ code: 'custom', message: 'longitude must be from -180 to 180' });
    return [{ lat, lng }];
  })
  .optional()
  .meta({
    description:
      'A point, `latitude,longitude` in decimal degrees (WGS84): `48.8566,2.3522`. One point only: its comma ' +
      'separates latitude from longitude (unlike other filters, whose commas separate values). Selects the ' +
      'entries with a known position within `radius_km` of it (required with it); entries without a position ' +
      'never match. Allows `sort=distance`.',
  });

const radiusMessage = `must be a number of km greater than 0 and at most ${maxRadiusKm}`;

const radiusParam = z
  .string({ error: 'must be given once' })
  .trim()
  .regex(decimal, { error: radiusMessage })
  .transform(Number)
  .refine((r) => r > 0 && r <= maxRadiusKm, { error: radiusMessage })
  .optional()
  .meta({
    // The document gives the number the text stands for (http/document.ts drops the text's pattern).
    type: 'number',
    exclusiveMinimum: 0,
    maximum: maxRadiusKm,
    description: `Radius around \`near\` in km, greater than 0 and at most ${maxRadiusKm} (required with \`near\`).`,
  });

const missing = (name: string, other: string) =>
  invalidParameters([{ in: 'query', name, message: `is required with ${other}` }]);

/** The great-circle distance in km between the columns' position and `point` (null for no position). */
export function distanceKm(columns: PositionColumns, point: Point): SQL<number> {
  const { latitude, longitude } = columns;
  return sql<number>`(${2 * earthRadiusKm} * asin(least(1, sqrt(
    power(sin(radians(${latitude} - ${point.lat}::float8) / 2), 2)
    + cos(radians(${point.lat}::float8)) * cos(radians(${latitude}))
      * power(sin(radians(${longitude} - ${point.lng}::float8) / 2), 2)))))`;
}

/** The distance in km from `point` as entries carry it (`distance_km`): rounded to 0.01 km (null for no position). */
function distanceFigure(columns: PositionColumns, point: Point): SQL<number | null> {
  return sql<number | null>`round((${distanceKm(columns, point)})::numeric, ${distanceDecimals})::float8`;
}

/**
 * The great-circle distance in km from `point` to `position` (a search hit's `_geo`), rounded to 0.01 km as
 * `distance_km` is everywhere; null when the entry has no position. The same haversine, on the same sphere, as
 * `distanceKm` computes in SQL (Meilisearch's `_geoDistance` comes only with its distance sort, in whole metres).
 */
export function distanceFrom(point: Point, position: Point | null | undefined): number | null {
  if (!position) return null;
  const km = greatCircleKm(point, position);
  const scale = 10 ** distanceDecimals;
  return Math.round(km * scale) / scale;
}

/**
 * The degrees around the circle's point that hold the whole circle: latitude ± radius / (km per degree), and
 * longitude ± as much divided by the cosine of the latitude farthest from the equator. Null longitudes when the
 * circle reaches a pole (every longitude then); a box crossing the antimeridian wraps around.
 */
function boundingBox(columns: PositionColumns, circle: Circle): SQL {
  const degrees = (circle.radius_km / (earthRadiusKm * Math.PI)) * 180;
  const south = circle.lat - degrees;
  const north = circle.lat + degrees;
  const latitudes = sql`${columns.latitude} between ${south}::float8 and ${north}::float8`;
  if (south <= -90 || north >= 90) return latitudes;
  const widest = Math.max(Math.abs(south), Math.abs(north));
  const spread = degrees / Math.cos((widest * Math.PI) / 180);
  if (spread >= 180) return latitudes;
  const west = circle.lng - spread;
  const east = circle.lng + spread;
  const lng = columns.longitude;
  const longitudes =
    west < -180
      ? sql`(${lng} >= ${west + 360}::float8 or ${lng} <= ${east}::float8)`
      : east > 180
        ? sql`(${lng} >= ${west}::float8 or ${lng} <= ${east - 360}::float8)`
        : sql`${lng} between ${west}::float8 and ${east}::float8`;
  return and(latitudes, longitudes) as SQL;
}

/** The entries within the circle: the bounding box (an index can serve it), then the exact distance. */
function withinCircle(columns: PositionColumns, circle: Circle): SQL {
  return and(boundingBox(columns, circle), sql`${distanceKm(columns, circle)} <= ${circle.radius_km}::float8`) as SQL;
}

/** `near` and `radius_km` as one circle, or undefined when neither is given; a 400 when one comes alone. */
function circleOf(query: Readonly<Record<string, unknown>>): Circle[] | undefined {
  const points = query.near as Point[] | undefined;
  const radius = query.radius_km as number | undefined;
  if (!points?.length && radius === undefined) return undefined;
  if (!points?.length) throw missing('near', 'radius_km');
  if (radius === undefined) throw missing('radius_km', 'near');
  return points.map((p) => ({ ...p, radius_km: radius }));
}

/** The entries within `radius_km` km of the point `near`, on a kind's position columns. */
export const nearFilter = defineFilter<Circle, PositionColumns>({
  name: 'near',
  description: 'A point, `latitude,longitude`, to search around.',
  param: pointParam,
  alongside: { radius_km: radiusParam },
  read: circleOf,
  where: (columns, circles) => and(...circles.map((c) => withinCircle(columns, c))),
  // Meilisearch takes the radius in metres; entries without `_geo` never match.
  meili: (circles) =>
    circles
      .map((c) => `_geoRadius(${meiliNumber(c.lat)}, ${meiliNumber(c.lng)}, ${meiliNumber(c.radius_km * 1000)})`)
      .join(' AND '),
  postgres: (circles) => and(...circles.map((c) => withinCircle(entryPosition, c))) as SQL,
  // One point: the distance from it.
  measure: { name: 'distance_km', sql: (columns, [circle]) => distanceFigure(columns, circle as Circle) },
});

/** A number as Meilisearch's filter syntax reads it: plain decimals, never `1e-7`. */
const meiliNumber = (n: number) => n.toFixed(9).replace(/\.?0+$/, '');

/** Meilisearch's sort by distance from the point, nearest first unless `descending`. */
export const meiliDistanceSort = (point: Point, descending: boolean) =>
  `_geoPoint(${meiliNumber(point.lat)}, ${meiliNumber(point.lng)}):${descending ? 'desc' : 'asc'}`;

/** The point of `near` in a parsed query, if given (a 400 when `near` or `radius_km` comes alone). */
export function givenPoint(query: Readonly<Record<string, unknown>>): Point | undefined {
  const [circle] = circleOf(query) ?? [];
  return circle ? { lat: circle.lat, lng: circle.lng } : undefined;
}

/** The point of `near` in a parsed query, or a 400 naming `sort` (the distance sort needs it). */
export function nearPoint(query: Readonly<Record<string, unknown>>): Point {
  const point = givenPoint(query);
  if (!point) throw invalidParameters([{ in: 'query', name: 'sort', message: 'distance needs near and radius_km' }]);
  return point;
}

/** The sort by distance from `near`'s point, nearest first: in lists (keyset on the km), and in search. */
export function distanceSort(columns: PositionColumns): SortKey {
  return {
    expression: (request) => distanceKm(columns, nearPoint(request as Record<string, unknown>)),
    type: 'number',
    search: 'distance',
    note: '`distance`: from the point of `near` (only with it), nearest first.',
  };
}

/** The distance from `near`'s point on the `search_entries` view, for the PostgreSQL fallback's order. */
export const entryDistanceKm = (point: Point) => distanceKm(entryPosition, point);

/** The same as its hits carry it (`distance_km`, 0.01 km). */
export const entryDistanceFigure = (point: Point) => distanceFigure(entryPosition, point);
