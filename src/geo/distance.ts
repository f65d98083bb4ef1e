// The great-circle distance between two WGS84 positions, on a sphere: one formula for the geographic search
// (src/listing/near.ts, in SQL and in JavaScript) and the checks of an imported position against its commune.

/** The Earth's mean radius in km (IUGG), as a sphere: what the haversine distance assumes. */
export const earthRadiusKm = 6371.0088;

/** A WGS84 point, in degrees. */
export interface LatLng {
  lat: number;
  lng: number;
}

/** The great-circle distance in km between `a` and `b` (haversine, on a sphere of `earthRadiusKm`), unrounded. */
export function greatCircleKm(a: LatLng, b: LatLng): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const h =
    Math.sin(radians(b.lat - a.lat) / 2) ** 2 +
    Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(radians(b.lng - a.lng) / 2) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(h)));
}
