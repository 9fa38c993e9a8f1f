import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '@jamaa/tenants/locale.ts';
import { pluralCategories } from '@jamaa/tenants/plurals.ts';
import { NAMESPACES, resources } from './resources.ts';

/** Every resource file on disk, so that a file added in one locale only, or not wired, is caught. */
const files = Object.fromEntries(
  Object.entries(import.meta.glob<Record<string, unknown>>('../../../../tenants/strings/*/*.json', { eager: true, import: 'default' })).map(([file, strings]) => [
    file.replace(/^.*\/strings\//, ''),
    strings,
  ]),
);

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function onDisk(locale: string, namespace: string): Record<string, unknown> {
  const strings = files[`${locale}/${namespace}.json`];
  if (!strings) throw new Error(`missing file tenants/strings/${locale}/${namespace}.json`);
  return strings;
}

/** `group.key` paths of every string (at most two levels; deeper levels are reported as such). */
function paths(strings: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(strings).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? paths(value as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

/** Splits keys into plain keys and plural groups (`base` → categories present). */
function splitPlurals(keys: string[]): { plain: string[]; plurals: Map<string, string[]> } {
  const plurals = new Map<string, string[]>();
  const plain: string[] = [];
  for (const key of keys) {
    const match = PLURAL_SUFFIX.exec(key);
    const base = match ? key.slice(0, match.index) : null;
    if (match && base && keys.includes(`${base}_other`)) {
      plurals.set(base, [...(plurals.get(base) ?? []), match[1] as string]);
    } else {
      plain.push(key);
    }
  }
  return { plain: plain.sort(), plurals };
}

describe('string resources (UI and mail)', () => {
  it('has exactly one file per locale and namespace, and resources.ts loads them all', () => {
    const expected = LOCALES.flatMap((locale) => NAMESPACES.map((ns) => `${locale}/${ns}.json`)).sort();
    expect(Object.keys(files).sort()).toEqual(expected);
    for (const locale of LOCALES) {
      for (const namespace of NAMESPACES) {
        expect(resources[locale][namespace], `${locale}/${namespace}`).toEqual(onDisk(locale, namespace));
      }
    }
  });

  describe.each(NAMESPACES)('namespace %s', (namespace) => {
    const keysOf = (locale: Locale) => paths(onDisk(locale, namespace));

    it('uses sorted snake_case keys, at most two levels deep', () => {
      for (const locale of LOCALES) {
        const check = (strings: Record<string, unknown>, depth: number, where: string) => {
          const keys = Object.keys(strings);
          expect(keys, `${where} keys sorted`).toEqual([...keys].sort());
          for (const key of keys) {
            expect(key, `${where}.${key}`).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
            const value = strings[key];
            if (typeof value === 'object' && value !== null) {
              expect(depth, `${where}.${key} nests too deep`).toBeLessThan(2);
              check(value as Record<string, unknown>, depth + 1, `${where}.${key}`);
            } else {
              expect(typeof value, `${where}.${key}`).toBe('string');
            }
          }
        };
        check(onDisk(locale, namespace), 1, `${locale}/${namespace}`);
      }
    });

    it('has the same keys in every locale', () => {
      const reference = splitPlurals(keysOf('ar'));
      for (const locale of LOCALES) {
        const { plain, plurals } = splitPlurals(keysOf(locale));
        expect(plain, `${locale}/${namespace}: plain keys differ from ar`).toEqual(reference.plain);
        expect([...plurals.keys()].sort(), `${locale}/${namespace}: plural keys differ from ar`).toEqual(
          [...reference.plurals.keys()].sort(),
        );
      }
    });

    it.each(LOCALES)('covers exactly the plural categories of %s', (locale) => {
      const required = pluralCategories(locale);
      for (const [base, categories] of splitPlurals(keysOf(locale)).plurals) {
        expect(
          pluralCategories(locale).filter((c) => categories.includes(c)),
          `${locale}/${namespace}:${base}`,
        ).toEqual(required);
        expect(categories.length, `${locale}/${namespace}:${base} has extra categories`).toBe(required.length);
      }
    });
  });

  it('knows the plural categories Intl reports, and our own for zgh', () => {
    expect(pluralCategories('ar')).toEqual(
      ['zero', 'one', 'two', 'few', 'many', 'other'].filter((c) =>
        new Intl.PluralRules('ar').resolvedOptions().pluralCategories.includes(c as Intl.LDMLPluralRule),
      ),
    );
    expect(pluralCategories('ar')).toHaveLength(6);
    expect(new Set(pluralCategories('fr'))).toEqual(new Set(new Intl.PluralRules('fr').resolvedOptions().pluralCategories));
    expect(pluralCategories('zgh')).toEqual(['one', 'other']);
  });
});
