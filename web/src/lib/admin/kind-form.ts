// A content kind's own fields as form inputs: the inputs are described once from the API's schema (see
// `#lib/server/kind-inputs.ts`), then this module turns an item's `fields` into flat form values
// (`f_<field>`, `f_<field>_<locale>`, `f_<field>_lat`…) and the submitted values back into `fields`, so
// the form is a plain POST without JavaScript.
// Pure and browser-safe: no zod here (the console hydrates).
import { LOCALES, type Locale } from '@jamaa/tenants/locale.ts';
import { localToInstant, instantToLocal } from './content-form.ts';
import { translatable, translatableValues } from './text-fields.ts';

interface Base {
  /** The field's name in the API (`budgetMad`). */
  name: string;
  /** The schema refuses the item without it. */
  required: boolean;
}

/** One input of a kind's form, and how its value is read. */
export type KindInput = Base &
  (
    | { type: 'enum'; options: string[]; default?: string }
    | { type: 'number'; integer: boolean; min?: number; max?: number; default?: number }
    /** `text`: one line; `day`: `YYYY-MM-DD`; `datetime`: an instant, typed in Moroccan time; `url`: a web address. */
    | { type: 'text' | 'day' | 'datetime' | 'url' }
    | { type: 'boolean' }
    /** A text in each language (`{ar, fr, zgh}`). */
    | { type: 'local_text' }
    /** A point on the map (`{lat, lng}`), two numbers. */
    | { type: 'location'; lat: { min?: number; max?: number }; lng: { min?: number; max?: number } }
    /** A list of short texts, one per line. */
    | { type: 'lines' }
    /** A list of texts in each language, one per line (line n of each language is item n). */
    | { type: 'local_lines' }
    /** A list of objects, typed as JSON (advanced); `example` is the one-item example a new item starts with. */
    | { type: 'json'; example: string }
  );

/** The form name of a field's input (`budgetMad` → `f_budgetMad`). */
export function inputName(field: string, part?: string): string {
  return part ? `f_${field}_${part}` : `f_${field}`;
}

/**
 * The key of a field's label under `content:input.`.
 *
 * @example inputLabelKey('budgetMad') // → 'budget_mad'
 */
export function inputLabelKey(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The form values of a kind's fields (an item's, or the defaults and examples of a new one). */
export function kindFieldValues(inputs: readonly KindInput[], fields: Record<string, unknown> | null): Record<string, string> {
  const values: Record<string, string> = {};
  for (const input of inputs) {
    const value = fields?.[input.name];
    const name = inputName(input.name);
    switch (input.type) {
      case 'enum':
        values[name] = typeof value === 'string' ? value : (input.default ?? '');
        break;
      case 'number':
        values[name] = typeof value === 'number' ? String(value) : input.default !== undefined ? String(input.default) : '';
        break;
      case 'text':
      case 'day':
      case 'url':
        values[name] = typeof value === 'string' ? value : '';
        break;
      case 'datetime':
        values[name] = typeof value === 'string' ? instantToLocal(value) : '';
        break;
      case 'boolean':
        if (value === true) values[name] = 'on';
        break;
      case 'local_text':
        Object.assign(values, translatableValues(isObject(value) ? (value as Partial<Record<Locale, string>>) : null, name));
        break;
      case 'location': {
        const point = isObject(value) ? value : {};
        values[inputName(input.name, 'lat')] = typeof point.lat === 'number' ? String(point.lat) : '';
        values[inputName(input.name, 'lng')] = typeof point.lng === 'number' ? String(point.lng) : '';
        break;
      }
      case 'lines':
        values[name] = Array.isArray(value) ? value.filter((v) => typeof v === 'string').join('\n') : '';
        break;
      case 'local_lines': {
        const items = Array.isArray(value) ? value.filter(isObject) : [];
        for (const locale of LOCALES) values[inputName(input.name, locale)] = items.map((item) => (typeof item[locale] === 'string' ? item[locale] : '')).join('\n').trimEnd();
        break;
      }
      case 'json':
        values[name] = Array.isArray(value) && value.length > 0 ? JSON.stringify(value, null, 2) : fields ? '' : input.example;
        break;
    }
  }
  return values;
}

/**
 * The kind's `fields` from the submitted form, and what is wrong (form name → validation code) before
 * asking the API. Empty optional values are left out (the API fills in its defaults).
 */
export function kindFieldsFromForm(inputs: readonly KindInput[], values: Record<string, string>): { fields: Record<string, unknown>; errors: Record<string, string> } {
  const fields: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const input of inputs) {
    const name = inputName(input.name);
    const text = values[name]?.trim() ?? '';
    const missing = (at = name) => {
      if (input.required) errors[at] = 'required';
    };
    switch (input.type) {
      case 'enum':
        if (text === '') missing();
        else if (!input.options.includes(text)) errors[name] = 'invalid_value';
        else fields[input.name] = text;
        break;
      case 'number': {
        if (text === '') {
          missing();
          break;
        }
        const number = numberOf(text, input.integer, input);
        if (typeof number === 'string') errors[name] = number;
        else fields[input.name] = number;
        break;
      }
      case 'text':
        if (text === '') missing();
        else fields[input.name] = text;
        break;
      case 'url':
        if (text === '') missing();
        else if (!/^https?:\/\/\S+$/i.test(text)) errors[name] = 'invalid_format';
        else fields[input.name] = text;
        break;
      case 'day':
        if (text === '') missing();
        else if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) errors[name] = 'invalid_format';
        else fields[input.name] = text;
        break;
      case 'datetime': {
        const instant = localToInstant(text);
        if (instant === null) missing();
        else if (instant === undefined) errors[name] = 'invalid_format';
        else fields[input.name] = instant;
        break;
      }
      case 'boolean':
        fields[input.name] = values[name] === 'on';
        break;
      case 'local_text': {
        const value = translatable(values, name);
        if (value) fields[input.name] = value;
        else missing(inputName(input.name, 'fr'));
        break;
      }
      case 'location': {
        const latName = inputName(input.name, 'lat');
        const lngName = inputName(input.name, 'lng');
        const lat = values[latName]?.trim() ?? '';
        const lng = values[lngName]?.trim() ?? '';
        if (lat === '' && lng === '') {
          missing(latName);
          break;
        }
        const point = { lat: lat === '' ? 'required' : numberOf(lat, false, input.lat), lng: lng === '' ? 'required' : numberOf(lng, false, input.lng) };
        if (typeof point.lat === 'string') errors[latName] = point.lat;
        if (typeof point.lng === 'string') errors[lngName] = point.lng;
        if (typeof point.lat === 'number' && typeof point.lng === 'number') fields[input.name] = point;
        break;
      }
      case 'lines': {
        const items = linesOf(values[name]).filter((line) => line !== '');
        if (items.length > 0) fields[input.name] = items;
        else missing();
        break;
      }
      case 'local_lines': {
        const columns = LOCALES.map((locale) => [locale, linesOf(values[inputName(input.name, locale)])] as const);
        const count = Math.max(...columns.map(([, lines]) => lines.length));
        const items: Partial<Record<Locale, string>>[] = [];
        for (let i = 0; i < count; i++) {
          const item: Partial<Record<Locale, string>> = {};
          for (const [locale, lines] of columns) if (lines[i]) item[locale] = lines[i];
          if (Object.keys(item).length > 0) items.push(item);
        }
        if (items.length > 0) fields[input.name] = items;
        else missing(inputName(input.name, 'fr'));
        break;
      }
      case 'json': {
        // The example a new item starts with, left as it was, is no value.
        if (text === '' || text === input.example.trim()) {
          missing();
          break;
        }
        try {
          const value: unknown = JSON.parse(text);
          if (Array.isArray(value)) fields[input.name] = value;
          else errors[name] = 'invalid_type';
        } catch {
          errors[name] = 'invalid_format';
        }
        break;
      }
    }
  }
  return { fields, errors };
}

/**
 * The form input where the API's refusal of a kind's field is shown.
 *
 * @example kindFieldName(inputs, 'fields.budgetMad') // → 'f_budgetMad'
 * @example kindFieldName(inputs, 'fields.agenda.2.ar') // → 'f_agenda_ar'
 */
export function kindFieldName(inputs: readonly KindInput[], path: string): string | undefined {
  const [root, field, ...rest] = path.split('.');
  if (root !== 'fields' || !field) return undefined;
  const input = inputs.find((i) => i.name === field);
  if (!input) return undefined;
  switch (input.type) {
    case 'local_text':
    case 'local_lines': {
      const locale = rest.find((part): part is Locale => (LOCALES as readonly string[]).includes(part));
      return inputName(field, locale ?? 'fr');
    }
    case 'location':
      return inputName(field, rest[0] === 'lng' ? 'lng' : 'lat');
    default:
      return inputName(field);
  }
}

/** A number typed by a person (`1 200 000`, `12,5`), or the validation code of what is wrong with it. */
function numberOf(text: string, integer: boolean, range: { min?: number; max?: number }): number | string {
  const normalised = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(normalised)) return 'invalid_type';
  const number = Number(normalised);
  if (integer && !Number.isInteger(number)) return 'invalid_type';
  if (range.min !== undefined && number < range.min) return 'too_small';
  if (range.max !== undefined && number > range.max) return 'too_big';
  return number;
}

/** The lines of a textarea, trimmed, trailing blank lines dropped (blank lines inside keep their place). */
function linesOf(text: string | undefined): string[] {
  const lines = (text ?? '').replace(/\r\n?/g, '\n').split('\n').map((line) => line.trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
