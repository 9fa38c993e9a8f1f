import { describe, expect, it } from 'vitest';
import { MOROCCO_CENTER, complaintMapView, mapCenter, projectPoints } from './map.ts';

describe('complaint maps', () => {
  it('open on the middle of the offices with a position, else on Morocco', () => {
    expect(mapCenter([{ latitude: 33.5, longitude: -7.6 }, { latitude: 33.6, longitude: -7.5 }, { latitude: null, longitude: null }])).toEqual({ latitude: 33.55, longitude: -7.55, zoom: 13 });
    expect(mapCenter([])).toEqual(MOROCCO_CENTER);
  });

  it("open the resident's form on the tenant's complaint area when it set one, whatever its offices; as before when it set none", () => {
    const offices = [{ latitude: 34.02, longitude: -6.83 }];
    const casablanca = { south: 33.45, west: -7.75, north: 33.65, east: -7.45 };
    const view = complaintMapView(casablanca, offices);
    expect(view).toEqual({ latitude: 33.55, longitude: -7.6, zoom: 10, bounds: casablanca });
    // The zoom shows the whole box on a phone's map (320 × 256 pixels of 256-pixel tiles), and one level more would not.
    const pixelsWide = (zoom: number) => ((casablanca.east - casablanca.west) / 360) * 256 * 2 ** zoom;
    expect(pixelsWide(view.zoom)).toBeLessThanOrEqual(320);
    expect(pixelsWide(view.zoom + 1)).toBeGreaterThan(320);
    // A village's small box opens closer; a box as large as Morocco no further out than Morocco's view.
    expect(complaintMapView({ south: 33.57, west: -7.62, north: 33.58, east: -7.61 }, offices).zoom).toBe(14);
    expect(complaintMapView({ south: 20.7, west: -17.2, north: 35.95, east: -0.95 }, []).zoom).toBe(MOROCCO_CENTER.zoom);
    expect(complaintMapView(null, offices)).toEqual({ latitude: 34.02, longitude: -6.83, zoom: 13 });
    expect(complaintMapView(null, [])).toEqual(MOROCCO_CENTER);
  });

  it('place points north up inside the box, and leave out those without a place', () => {
    const points = projectPoints(
      [
        { id: 'south-west', latitude: 33.5, longitude: -7.7 },
        { id: 'north-east', latitude: 33.6, longitude: -7.5 },
        { id: 'nowhere', latitude: null, longitude: null },
      ],
      360,
      240,
    );
    expect(points.map((p) => p.item.id)).toEqual(['south-west', 'north-east']);
    const [sw, ne] = points;
    expect(sw!.x).toBeLessThan(ne!.x);
    expect(sw!.y).toBeGreaterThan(ne!.y);
    for (const p of points) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(360);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeLessThanOrEqual(240);
    }
  });
});
