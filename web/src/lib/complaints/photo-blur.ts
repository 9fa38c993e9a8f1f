// The console's "blur a part of this photo" form: a rectangle in percent of the photo, from its top-left
// corner (the photo's own left, whatever the page's direction), sent to the API as fractions.

export const BLUR_FIELDS = ['x', 'y', 'width', 'height'] as const;
export type BlurRegion = Record<(typeof BLUR_FIELDS)[number], number>;
/** What the form starts with: the middle of the photo. */
export const BLUR_START: Readonly<Record<(typeof BLUR_FIELDS)[number], string>> = { x: '25', y: '25', width: '50', height: '50' };

/**
 * @example blurRegionFromForm({ x: '40', y: '10', width: '20', height: '15' }) // → { region: { x: 0.4, y: 0.1, width: 0.2, height: 0.15 } }
 */
export function blurRegionFromForm(values: Record<string, string>): { region: BlurRegion } | { fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const region: Partial<BlurRegion> = {};
  for (const name of BLUR_FIELDS) {
    const raw = (values[name] ?? '').trim().replace(',', '.');
    const n = Number(raw);
    if (raw === '') fields[name] = 'required';
    else if (!/^\d+(\.\d+)?$/.test(raw) || n > 100 || ((name === 'width' || name === 'height') && n === 0)) fields[name] = 'invalid_value';
    else region[name] = Math.round(n * 100) / 10_000;
  }
  if (Object.keys(fields).length > 0) return { fields };
  const r = region as BlurRegion;
  // A rectangle running past the photo's edge is cut at the edge rather than refused (at least 1 % remains).
  const round = (n: number) => Math.round(n * 10_000) / 10_000;
  const x = Math.min(r.x, 0.99);
  const y = Math.min(r.y, 0.99);
  return { region: { x, y, width: round(Math.min(r.width, 1 - x)), height: round(Math.min(r.height, 1 - y)) } };
}
