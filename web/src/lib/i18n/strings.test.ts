import { describe, expect, it } from 'vitest';
import { LOCALES } from '@jamaa/tenants/locale.ts';
import { NAMESPACES, resources, type Strings } from './resources.ts';

function entries(strings: Strings, prefix = ''): [string, string][] {
  return Object.entries(strings).flatMap(([key, value]): [string, string][] =>
    typeof value === 'string' ? [[`${prefix}${key}`, value]] : entries(value, `${prefix}${key}.`),
  );
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_]+)[^}]*\}\}/g;
const placeholders = (text: string) => new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]));
/** Names of formats and apps, written as their makers write them in every language. */
const TECHNICAL = /\b(QR|PNG|JPEG|WebP|SVG|CSV|MB|Open311|GeoReport v2|FreeOTP|Aegis|Google Authenticator|OpenStreetMap|Markdown|PDF|HTML|JSON|HEIC|KB)\b|https:\/\/…/g;
/** Code samples in hints (the JSON shape of a translatable text, an example address), the same in every language. */
const CODE_SAMPLE = /\{"ar": "…", "fr": "…", "zgh": "…"\}|coupure-eau-quartier-nord/g;
const withoutPlaceholders = (text: string) => text.replace(PLACEHOLDER, '').replace(TECHNICAL, '').replace(CODE_SAMPLE, '');
const baseKey = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

/** IRCAM Neo-Tifinagh letters (31 + the labialisation mark), Western digits and punctuation. */
const IRCAM_TEXT = /^[ⴰⴱⴳⴷⴹⴻⴼⴽⵀⵃⵄⵅⵇⵉⵊⵍⵎⵏⵓⵔⵕⵖⵙⵚⵛⵜⵟⵡⵢⵣⵥⵯ0-9\s.,;:?!()%«»\-–—/#[\]…]*$/u;

describe.each(LOCALES)('%s strings', (locale) => {
  it.each(NAMESPACES)('are all non-empty in %s', (namespace) => {
    for (const [key, text] of entries(resources[locale][namespace])) {
      expect(text.trim(), `${locale}/${namespace}:${key}`).not.toBe('');
    }
  });

  it.each(NAMESPACES)('use the same placeholders as Arabic in %s', (namespace) => {
    // Plural forms may drop {{count}} (« مقاطعة واحدة »), so compare the other placeholders of the group.
    const collect = (strings: Strings) => {
      const byBase = new Map<string, Set<string | undefined>>();
      for (const [key, text] of entries(strings)) {
        const names = byBase.get(baseKey(key)) ?? new Set();
        for (const name of placeholders(text)) if (name !== 'count') names.add(name);
        byBase.set(baseKey(key), names);
      }
      return byBase;
    };
    const reference = collect(resources.ar[namespace]);
    for (const [base, names] of collect(resources[locale][namespace])) {
      expect(names, `${locale}/${namespace}:${base}`).toEqual(reference.get(base));
    }
  });
});

describe('script of each locale', () => {
  it('writes zgh in IRCAM Tifinagh only', () => {
    for (const namespace of NAMESPACES) {
      for (const [key, text] of entries(resources.zgh[namespace])) {
        expect(withoutPlaceholders(text), `zgh/${namespace}:${key}`).toMatch(IRCAM_TEXT);
      }
    }
  });

  it('writes ar in Arabic script, with no Latin letters outside placeholders', () => {
    for (const namespace of NAMESPACES) {
      for (const [key, text] of entries(resources.ar[namespace])) {
        expect(withoutPlaceholders(text), `ar/${namespace}:${key}`).not.toMatch(/[A-Za-z]/);
        expect(withoutPlaceholders(text), `ar/${namespace}:${key}`).toMatch(/\p{Script=Arabic}/u);
      }
    }
  });
});
