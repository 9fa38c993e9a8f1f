import { describe, expect, it } from 'vitest';
import { byDistance, distanceKm, placeOf } from './nearest-offices.ts';

// Casablanca: Anfa's and Sidi Moumen's civil-status offices (demo data), and a resident in Sidi Moumen.
const ANFA = { latitude: 33.589, longitude: -7.633 };
const SIDI_MOUMEN = { latitude: 33.58, longitude: -7.515 };
const RESIDENT = { latitude: 33.581, longitude: -7.514 };

describe('the nearest-office sort', () => {
  it('measures great-circle distances in kilometres', () => {
    expect(distanceKm(ANFA, ANFA)).toBe(0);
    expect(distanceKm(ANFA, SIDI_MOUMEN)).toBeCloseTo(11, 0);
    expect(distanceKm(ANFA, SIDI_MOUMEN)).toBeCloseTo(distanceKm(SIDI_MOUMEN, ANFA), 9);
  });

  it('puts the office nearest the resident first, and offices without a place last in their order', () => {
    const items = [
      { name: 'no place', place: null },
      { name: 'Anfa', place: ANFA },
      { name: 'also no place', place: null },
      { name: 'Sidi Moumen', place: SIDI_MOUMEN },
    ];
    const sorted = byDistance(items, (item) => item.place, RESIDENT);
    expect(sorted.map(({ item }) => item.name)).toEqual(['Sidi Moumen', 'Anfa', 'no place', 'also no place']);
    expect(sorted[0]?.km).toBeLessThan(0.2);
    expect(sorted[3]?.km).toBe(Number.POSITIVE_INFINITY);
  });

  it('reads a place from the data attributes only when both coordinates are numbers', () => {
    expect(placeOf({ lat: '33.58', lng: '-7.515' })).toEqual(SIDI_MOUMEN);
    expect(placeOf({ lat: '', lng: '-7.515' })).toBeNull();
    expect(placeOf({ lat: '33.58' })).toBeNull();
    expect(placeOf({ lat: 'north', lng: 'west' })).toBeNull();
  });
});
