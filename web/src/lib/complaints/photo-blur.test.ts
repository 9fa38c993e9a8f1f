import { describe, expect, it } from 'vitest';
import { blurRegionFromForm } from './photo-blur.ts';

describe('the photo blur form', () => {
  it('reads the rectangle in percent (a decimal comma too) as fractions of the photo', () => {
    expect(blurRegionFromForm({ x: '40', y: '10', width: '20', height: '12,5' })).toEqual({ region: { x: 0.4, y: 0.1, width: 0.2, height: 0.125 } });
  });

  it('cuts a rectangle running past the edge at the edge', () => {
    expect(blurRegionFromForm({ x: '80', y: '90', width: '50', height: '50' })).toEqual({ region: { x: 0.8, y: 0.9, width: 0.2, height: 0.1 } });
  });

  it('names each missing or impossible value', () => {
    expect(blurRegionFromForm({ x: '', y: '-5', width: '0', height: '120' })).toEqual({ fields: { x: 'required', y: 'invalid_value', width: 'invalid_value', height: 'invalid_value' } });
  });
});
