import { createInstance, type TFunction } from 'i18next';
import type { Locale } from '@jamaa/tenants/locale.ts';
import { zghPluralRule } from '@jamaa/tenants/plurals.ts';
import { usePluralRule } from '@jamaa/tenants/strings.ts';
import { useAnnexedFormat } from '@jamaa/tenants/annexed-state.ts';
import { NAMESPACES, resources } from './resources.ts';

export type Translate = TFunction<typeof NAMESPACES>;

const translators = new Map<Locale, Translate>();

/**
 * The `t` function of one locale. One i18next instance per locale, created on first use and never
 * switched to another language, so concurrent requests in different languages cannot interfere.
 *
 * @example translator('fr')('common:kind_commune') // → 'Commune'
 * @example translator('ar')('common:arrondissement_count', { count: 16 }) // → '16 مقاطعة'
 */
export function translator(locale: Locale): Translate {
  let t = translators.get(locale);
  if (!t) {
    t = createTranslator(locale);
    translators.set(locale, t);
  }
  return t;
}

function createTranslator(locale: Locale): Translate {
  const instance = createInstance();
  void instance.init({
    lng: locale,
    // A missing key is a bug the parity test catches; never show another language's string instead.
    fallbackLng: false,
    supportedLngs: [locale],
    ns: [...NAMESPACES],
    defaultNS: 'common',
    resources: { [locale]: resources[locale] },
    initAsync: false,
    // Svelte escapes every interpolated value when it renders text.
    interpolation: { escapeValue: false },
  });
  if (locale === 'zgh') usePluralRule(instance, 'zgh', zghPluralRule);
  // `ⵏ {{name, annexed}}`: a known noun after a preposition in its annexed state (zgh).
  useAnnexedFormat(instance);
  return remembering(instance.getFixedT(locale, [...NAMESPACES]));
}

/**
 * `t` with its look-ups remembered: a key asked with the same options always gives the same string (the
 * resources never change in a running process), and i18next parses the key and interpolates afresh on every
 * call — a page asks for a few hundred. Remembered: calls without options, and calls whose options are all
 * strings, numbers or booleans (a name, a count) when the answer is a string; anything else (objects,
 * `returnObjects`) goes to i18next each time.
 */
function remembering(t: Translate): Translate {
  const call = t as unknown as (...args: unknown[]) => unknown;
  const known = new Map<string, string>();
  const withOptions = new Map<string, string>();
  const remembered = (key: unknown, ...rest: unknown[]): unknown => {
    if (typeof key !== 'string') return call(key, ...rest);
    if (rest.length === 0) {
      let text = known.get(key);
      if (text === undefined) {
        text = call(key) as string;
        known.set(key, text);
      }
      return text;
    }
    const memo = rest.length === 1 ? optionsKey(key, rest[0]) : null;
    if (memo === null) return call(key, ...rest);
    const text = withOptions.get(memo);
    if (text !== undefined) return text;
    const answer = call(key, ...rest);
    if (typeof answer === 'string') {
      // Bounded, the oldest first out: the names interpolated are many (every tenant's, every office's) and
      // most are asked for by one tenant's pages at a time; kept for all 1,544 tenants they would cost MB.
      // (Not the api's LRUCache: this module also runs in the browser, where a library would be sent for it.)
      if (withOptions.size >= REMEMBERED_WITH_OPTIONS) {
        const oldest = withOptions.keys().next();
        if (!oldest.done) withOptions.delete(oldest.value);
      }
      withOptions.set(memo, answer);
    }
    return answer;
  };
  return remembered as unknown as Translate;
}

/** Calls with options remembered per locale. */
const REMEMBERED_WITH_OPTIONS = 1_000;

/** A key for `t(key, options)` when every option is a string, number or boolean; null otherwise. */
function optionsKey(key: string, options: unknown): string | null {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return null;
  let memo = key;
  for (const [name, value] of Object.entries(options)) {
    // The type is part of the key: `{ count: 1 }` and `{ count: '1' }` may not translate alike.
    // A NUL inside a value could make two different calls one key: such a call is not remembered.
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return null;
      memo += `\u0000${name}\u0000s${value}`;
    } else if (typeof value === 'number' || typeof value === 'boolean') memo += `\u0000${name}\u0000${typeof value}${String(value)}`;
    else return null;
  }
  return memo;
}
