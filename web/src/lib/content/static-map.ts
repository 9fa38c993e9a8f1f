/**
 * A small map of one point with no JavaScript: the 3×3 OpenStreetMap tiles around it (served from this
 * site's `/map-tiles`, as the complaint map's are), placed by CSS so that the point sits in the middle of
 * the frame, and a marker drawn over it. Web Mercator tile numbering (the "slippy map" scheme).
 */
export interface StaticMap {
  /** Each tile's address and its column and row in the 3×3 grid. */
  tiles: { src: string; column: number; row: number }[];
  /** Where the point falls in the 768×768 px grid. */
  point: { x: number; y: number };
  zoom: number;
}

const TILE = 256;

export function staticMap(lat: number, lng: number, zoom = 16): StaticMap {
  const n = 2 ** zoom;
  const x = ((lng + 180) / 360) * n;
  const latRad = (lat * Math.PI) / 180;
  const y = ((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * n;
  const cx = Math.floor(x);
  const cy = Math.floor(y);
  const tiles: StaticMap['tiles'] = [];
  for (let row = 0; row < 3; row++) {
    for (let column = 0; column < 3; column++) {
      const tx = (((cx + column - 1) % n) + n) % n;
      const ty = cy + row - 1;
      if (ty >= 0 && ty < n) tiles.push({ src: `/map-tiles/${zoom}/${tx}/${ty}.png`, column, row });
    }
  }
  return { tiles, point: { x: Math.round((x - cx + 1) * TILE), y: Math.round((y - cy + 1) * TILE) }, zoom };
}

/**
 * Links that open the point elsewhere: `geo:` (RFC 5870), which a phone hands to its maps app (the label
 * names the pin, as on an office's card), and the same place on openstreetmap.org for a computer.
 *
 * @example mapLinks(35.5785, -5.3684, 'Souk (jeudi)')
 *   // → { geo: 'geo:35.5785,-5.3684?q=35.5785,-5.3684(Souk%20jeudi)',
 *   //     osm: 'https://www.openstreetmap.org/?mlat=35.5785&mlon=-5.3684#map=17/35.5785/-5.3684' }
 */
export function mapLinks(lat: number, lng: number, label: string): { geo: string; osm: string } {
  // The label is free text inside the URI's query: encode what a name may hold, and the parentheses that close it.
  const name = encodeURIComponent(label.replace(/[()]/g, ' ').replace(/\s+/g, ' ').trim());
  return {
    geo: `geo:${lat},${lng}?q=${lat},${lng}(${name})`,
    osm: `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`,
  };
}
