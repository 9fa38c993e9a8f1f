// Where the complaint maps open, and how the public list's small map places its points.

export interface MapCenter {
  latitude: number;
  longitude: number;
  zoom: number;
}

/** Morocco as a whole, when a tenant has no office with a position. */
export const MOROCCO_CENTER: MapCenter = { latitude: 31.8, longitude: -7.1, zoom: 5 };

/**
 * The middle of the tenant's offices that have a position, at a city's zoom; Morocco otherwise.
 *
 * @example mapCenter([{ latitude: 33.5, longitude: -7.6 }, { latitude: 33.6, longitude: -7.5 }]) // → { latitude: 33.55, longitude: -7.55, zoom: 13 }
 */
export function mapCenter(places: readonly { latitude?: number | null; longitude?: number | null }[]): MapCenter {
  const points = places.filter((p): p is { latitude: number; longitude: number } => typeof p.latitude === 'number' && typeof p.longitude === 'number');
  if (points.length === 0) return MOROCCO_CENTER;
  const mean = (values: number[]) => Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 1e6) / 1e6;
  return { latitude: mean(points.map((p) => p.latitude)), longitude: mean(points.map((p) => p.longitude)), zoom: 13 };
}

/** A box in degrees (WGS 84): the tenant's complaint area. */
export interface MapBounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** Where a map opens: a centre and zoom, and the box to fit when there is one (the map fits it to its real size). */
export interface MapView extends MapCenter {
  bounds?: MapBounds;
}

/** Web Mercator's y of a latitude, in turns (0 at the equator). */
const mercatorY = (latitude: number) => Math.log(Math.tan(Math.PI / 4 + (latitude * Math.PI) / 360)) / (2 * Math.PI);

/**
 * Where the complaint form's map opens: on the tenant's complaint area when it set one (its centre, at the
 * largest zoom showing the whole box in a phone's map of `width` × `height` pixels, and the box itself),
 * else as before: the middle of its offices, else Morocco.
 *
 * @example complaintMapView({ south: 33.45, west: -7.75, north: 33.65, east: -7.45 }, []) // → { latitude: 33.55, longitude: -7.6, zoom: 10, bounds: … }
 */
export function complaintMapView(
  area: MapBounds | null | undefined,
  places: readonly { latitude?: number | null; longitude?: number | null }[],
  size: { width: number; height: number } = { width: 320, height: 256 },
): MapView {
  if (!area) return mapCenter(places);
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  const tile = 256;
  const byWidth = Math.log2((size.width * 360) / (tile * Math.max(area.east - area.west, 1e-6)));
  const byHeight = Math.log2(size.height / (tile * Math.max(mercatorY(area.north) - mercatorY(area.south), 1e-9)));
  const zoom = Math.max(5, Math.min(18, Math.floor(Math.min(byWidth, byHeight))));
  return { latitude: round((area.south + area.north) / 2), longitude: round((area.west + area.east) / 2), zoom, bounds: { ...area } };
}

/**
 * Points placed in a box of `width` × `height` (SVG units), north up, with a margin; the box's bounds
 * are those of the points (at least ~1 km wide so one point is not alone in a corner).
 */
export function projectPoints<T extends { latitude: number | null; longitude: number | null }>(
  items: readonly T[],
  width: number,
  height: number,
  margin = 16,
): { item: T; x: number; y: number }[] {
  const located = items.filter((i): i is T & { latitude: number; longitude: number } => i.latitude !== null && i.longitude !== null);
  if (located.length === 0) return [];
  const lats = located.map((i) => i.latitude);
  const lngs = located.map((i) => i.longitude);
  const pad = 0.005;
  const south = Math.min(...lats) - pad;
  const north = Math.max(...lats) + pad;
  const west = Math.min(...lngs) - pad;
  const east = Math.max(...lngs) + pad;
  const scale = Math.min((width - 2 * margin) / (east - west), (height - 2 * margin) / (north - south));
  const offsetX = (width - (east - west) * scale) / 2;
  const offsetY = (height - (north - south) * scale) / 2;
  return located.map((item) => ({
    item,
    x: Math.round((offsetX + (item.longitude - west) * scale) * 10) / 10,
    y: Math.round((offsetY + (north - item.latitude) * scale) * 10) / 10,
  }));
}
