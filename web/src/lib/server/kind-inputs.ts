// The inputs of each content kind's form, derived from the API's schema of the kind's fields
// (`KIND_FIELDS`, through its JSON Schema) rather than written by hand for each kind: a field added to a
// kind gets its input. Server-only (zod stays out of the browser); the pages pass the inputs down.
import { z } from '@hono/zod-openapi';
import { KIND_FIELDS, type ContentKind } from '@jamaa/api/content/content.schemas.ts';
import { isContentKind } from '#lib/admin/content-form.ts';
import type { KindInput } from '#lib/admin/kind-form.ts';

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
}

const cache = new Map<ContentKind, KindInput[]>();

/** The inputs of a kind's form, in the schema's order. */
export function kindInputs(kind: ContentKind): KindInput[] {
  let inputs = cache.get(kind);
  if (!inputs) {
    const schema = z.toJSONSchema(KIND_FIELDS[kind], { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    const required = new Set(schema.required ?? []);
    inputs = Object.entries(schema.properties ?? {}).map(([name, field]) => inputOf(name, field, required.has(name)));
    cache.set(kind, inputs);
  }
  return inputs;
}

function inputOf(name: string, field: JsonSchema, required: boolean): KindInput {
  if (field.enum && field.enum.every((v) => typeof v === 'string')) {
    return { name, required, type: 'enum', options: field.enum as string[], ...(typeof field.default === 'string' ? { default: field.default } : {}) };
  }
  if (field.type === 'number' || field.type === 'integer') {
    return { name, required, type: 'number', integer: field.type === 'integer', ...range(field), ...(typeof field.default === 'number' ? { default: field.default } : {}) };
  }
  if (field.type === 'boolean') return { name, required, type: 'boolean' };
  if (field.type === 'string') {
    if (field.format === 'date-time') return { name, required, type: 'datetime' };
    if (field.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return { name, required, type: 'day' };
    if (field.format === 'uri' || field.pattern?.startsWith('^https')) return { name, required, type: 'url' };
    return { name, required, type: 'text' };
  }
  if (isLocalText(field)) return { name, required, type: 'local_text' };
  if (field.type === 'object' && field.properties?.lat && field.properties.lng) {
    return { name, required, type: 'location', lat: range(field.properties.lat), lng: range(field.properties.lng) };
  }
  if (field.type === 'array' && field.items) {
    if (field.items.type === 'string') return { name, required, type: 'lines' };
    if (isLocalText(field.items)) return { name, required, type: 'local_lines' };
    return { name, required, type: 'json', example: JSON.stringify([exampleOf(field.items)], null, 2) };
  }
  return { name, required, type: 'json', example: '' };
}

function range(field: JsonSchema): { min?: number; max?: number } {
  return { ...(field.minimum !== undefined ? { min: field.minimum } : {}), ...(field.maximum !== undefined ? { max: field.maximum } : {}) };
}

function isLocalText(field: JsonSchema): boolean {
  const keys = Object.keys(field.properties ?? {}).sort();
  return field.type === 'object' && keys.join(',') === 'ar,fr,zgh';
}

/** A value of the schema to fill in: first choices, zero, empty texts. */
function exampleOf(field: JsonSchema): unknown {
  if (field.enum) return field.enum[0];
  if (isLocalText(field)) return { ar: '', fr: '' };
  switch (field.type) {
    case 'number':
    case 'integer':
      return field.minimum !== undefined && field.minimum > 0 ? field.minimum : 0;
    case 'boolean':
      return false;
    case 'string':
      return '';
    case 'array':
      return [];
    case 'object':
      return Object.fromEntries(Object.entries(field.properties ?? {}).map(([key, value]) => [key, exampleOf(value)]));
    default:
      return null;
  }
}

/** The inputs of a submitted form's kind (none for a kind that is not one: the form says so). */
export function kindInputsOf(kind: string | undefined): KindInput[] {
  return isContentKind(kind) ? kindInputs(kind) : [];
}
