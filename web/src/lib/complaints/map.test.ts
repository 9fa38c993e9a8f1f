import { describe, expect, it } from 'vitest';
import { MOROCCO_CENTER, mapCenter, projectPoints } from './map.ts';

describe('complaint maps', () => {
  it('open on the middle of the offices with a position, else on Morocco', () => {
    expect(mapCenter([{ latitude: 33.5, longitude: -7.6 }, { latitude: 33.6, longitude: -7.5 }, { latitude: null, longitude: null }])).toEqual({ latitude: 33.55, longitude: -7.55, zoom: 13 });
    expect(mapCenter([])).toEqual(MOROCCO_CENTER);
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
