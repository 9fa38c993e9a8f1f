/**
 * GeoReport v2's two formats. JSON is the value as is; XML follows the specification's shapes: a root
 * element, one child element per item of a list (`<services><service>…`), one element per field, text
 * escaped, `null` as an empty element, booleans as `true`/`false`, arrays of scalars as repeated
 * elements (`<formats><format>…`). A tiny serializer: the shapes are fixed and few.
 */
import { escapeXml } from '../shared/xml.ts';

export type Open311Format = 'json' | 'xml';

export const CONTENT_TYPES: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** `requests.json` → `{ name: 'requests', format: 'json' }`; anything else → null. */
export function splitFormat(file: string): { name: string; format: Open311Format } | null {
  const match = /^(.+)\.(json|xml)$/i.exec(file);
  if (!match) return null;
  return { name: match[1] as string, format: (match[2] as string).toLowerCase() as Open311Format };
}

/** The format a path asks for (`….xml` → xml), JSON otherwise: errors are answered in it. */
export function formatOfPath(path: string): Open311Format {
  return /\.xml$/i.test(path) ? 'xml' : 'json';
}

type Scalar = string | number | boolean | null | undefined;
export type XmlValue = Scalar | XmlValue[] | { [name: string]: XmlValue };

/** What each list's items are called in XML (the specification's names). */
export const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
  keywords: 'keyword',
};

function element(name: string, value: XmlValue): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A whole document: `toXml('services', [...])` → `<?xml …?><services><service>…</service></services>`. */
export function toXml(root: string, value: XmlValue): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value)}`;
}
