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
