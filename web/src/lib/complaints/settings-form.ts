// The console's complaint settings as form fields (`categories.0.code`, `templates.1.body.fr`…) and back.
import { COMPLAINT_STATES, type ComplaintArea, type ComplaintCategory, type ComplaintState, type ReplyTemplate } from './types.ts';

const LOCALES = ['ar', 'fr', 'zgh'] as const;

function rows(values: Record<string, string>, prefix: string): Map<number, Record<string, string>> {
  const byIndex = new Map<number, Record<string, string>>();
  for (const [key, value] of Object.entries(values)) {
    const match = new RegExp(`^${prefix}\\.(\\d+)\\.(.+)$`).exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    const row = byIndex.get(index) ?? {};
    row[match[2] ?? ''] = value;
    byIndex.set(index, row);
  }
  return new Map([...byIndex].sort(([a], [b]) => a - b));
}

const names = (row: Record<string, string>, field: string) =>
  Object.fromEntries(LOCALES.flatMap((l) => (row[`${field}.${l}`]?.trim() ? [[l, row[`${field}.${l}`]!.trim()]] : [])));

/**
 * The categories of the settings form; a row without a code and names is an unused "add" row.
 *
 * @example categoriesFromForm({ 'categories.0.code': 'noise', 'categories.0.names.fr': 'Bruit', 'categories.0.deadlineDays': '30', 'categories.0.active': 'on' })
 *   // → [{ code: 'noise', names: { fr: 'Bruit' }, deadlineDays: 30, department: null, active: true }]
 */
export function categoriesFromForm(values: Record<string, string>): ComplaintCategory[] {
  const out: ComplaintCategory[] = [];
  for (const row of rows(values, 'categories').values()) {
    const code = (row.code ?? '').trim();
    const n = names(row, 'names');
    if (!code && Object.keys(n).length === 0) continue;
    out.push({ code, names: n, deadlineDays: Number(row.deadlineDays || 60), department: row.department?.trim() || null, active: row.active === 'on' });
  }
  return out;
}

/** The reply templates of the settings form; a row with no text in any language is dropped. */
export function templatesFromForm(values: Record<string, string>): Omit<ReplyTemplate, 'id'>[] {
  const out: Omit<ReplyTemplate, 'id'>[] = [];
  for (const row of rows(values, 'templates').values()) {
    const body = names(row, 'body');
    if (Object.keys(body).length === 0) continue;
    const state = (COMPLAINT_STATES as readonly string[]).includes(row.state ?? '') ? (row.state as ComplaintState) : 'received';
    const title = names(row, 'title');
    out.push({ state, title: Object.keys(title).length > 0 ? title : body, body });
  }
  return out;
}

export const AREA_EDGES = ['south', 'west', 'north', 'east'] as const;

/**
 * The commune's box from the settings form (`area.south`…, decimal degrees; a decimal comma is read as a
 * point). Four empty fields clear it (anywhere in Morocco); a partly filled box names its missing or
 * unreadable fields instead. Whether the box lies in Morocco is the API's to say.
 *
 * @example areaFromForm({ 'area.south': '33,45', 'area.west': '-7.75', 'area.north': '33.65', 'area.east': '-7.45' })
 *   // → { area: { south: 33.45, west: -7.75, north: 33.65, east: -7.45 } }
 */
export function areaFromForm(values: Record<string, string>): { area: ComplaintArea | null } | { fields: Record<string, string> } {
  const raw = AREA_EDGES.map((edge) => [edge, (values[`area.${edge}`] ?? '').trim().replace(',', '.')] as const);
  if (raw.every(([, v]) => v === '')) return { area: null };
  const fields: Record<string, string> = {};
  const area: Partial<ComplaintArea> = {};
  for (const [edge, v] of raw) {
    const n = Number(v);
    if (v === '') fields[`area.${edge}`] = 'required';
    else if (!/^-?\d+(\.\d+)?$/.test(v) || !Number.isFinite(n)) fields[`area.${edge}`] = 'invalid_type';
    else area[edge] = n;
  }
  return Object.keys(fields).length > 0 ? { fields } : { area: area as ComplaintArea };
}
