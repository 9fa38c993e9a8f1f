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
 * `t` with its plain look-ups remembered: a key asked without options always gives the same string (the
 * resources never change in a running process), and i18next parses the key afresh on every call — a page
 * asks for a few hundred. Calls with options (plurals, interpolation, returnObjects) go to i18next.
 */
function remembering(t: Translate): Translate {
  const call = t as unknown as (...args: unknown[]) => unknown;
  const known = new Map<string, string>();
  const plain = (key: unknown, ...rest: unknown[]): unknown => {
    if (rest.length > 0 || typeof key !== 'string') return call(key, ...rest);
    let text = known.get(key);
    if (text === undefined) {
      text = call(key) as string;
      known.set(key, text);
    }
    return text;
  };
  return plain as unknown as Translate;
}
