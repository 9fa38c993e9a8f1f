/**
 * The platform's one string resource set: every text the web console and public pages show, and every
 * mail the API sends, as i18next resources by locale and namespace (`tenants/strings/<locale>/<ns>.json`).
 * Web and api import it from here; web's parity and script tests cover every namespace, `mail` included.
 * Rules and the namespace list: `tenants/strings/README.md`.
 */
import arAdmin from '../strings/ar/admin.json' with { type: 'json' };
import arCommon from '../strings/ar/common.json' with { type: 'json' };
import arComplaints from '../strings/ar/complaints.json' with { type: 'json' };
import arContact from '../strings/ar/contact.json' with { type: 'json' };
import arContent from '../strings/ar/content.json' with { type: 'json' };
import arErrors from '../strings/ar/errors.json' with { type: 'json' };
import arMail from '../strings/ar/mail.json' with { type: 'json' };
import arOperator from '../strings/ar/operator.json' with { type: 'json' };
import arServices from '../strings/ar/services.json' with { type: 'json' };
import arSettings from '../strings/ar/settings.json' with { type: 'json' };
import arStaff from '../strings/ar/staff.json' with { type: 'json' };
import arValidation from '../strings/ar/validation.json' with { type: 'json' };
import frAdmin from '../strings/fr/admin.json' with { type: 'json' };
import frCommon from '../strings/fr/common.json' with { type: 'json' };
import frComplaints from '../strings/fr/complaints.json' with { type: 'json' };
import frContact from '../strings/fr/contact.json' with { type: 'json' };
import frContent from '../strings/fr/content.json' with { type: 'json' };
import frErrors from '../strings/fr/errors.json' with { type: 'json' };
import frMail from '../strings/fr/mail.json' with { type: 'json' };
import frOperator from '../strings/fr/operator.json' with { type: 'json' };
import frServices from '../strings/fr/services.json' with { type: 'json' };
import frSettings from '../strings/fr/settings.json' with { type: 'json' };
import frStaff from '../strings/fr/staff.json' with { type: 'json' };
import frValidation from '../strings/fr/validation.json' with { type: 'json' };
import zghAdmin from '../strings/zgh/admin.json' with { type: 'json' };
import zghCommon from '../strings/zgh/common.json' with { type: 'json' };
import zghComplaints from '../strings/zgh/complaints.json' with { type: 'json' };
import zghContact from '../strings/zgh/contact.json' with { type: 'json' };
import zghContent from '../strings/zgh/content.json' with { type: 'json' };
import zghErrors from '../strings/zgh/errors.json' with { type: 'json' };
import zghMail from '../strings/zgh/mail.json' with { type: 'json' };
import zghOperator from '../strings/zgh/operator.json' with { type: 'json' };
import zghServices from '../strings/zgh/services.json' with { type: 'json' };
import zghSettings from '../strings/zgh/settings.json' with { type: 'json' };
import zghStaff from '../strings/zgh/staff.json' with { type: 'json' };
import zghValidation from '../strings/zgh/validation.json' with { type: 'json' };
import type { PluralRule, StringsLocale } from './plurals.ts';

export const NAMESPACES = ['admin', 'common', 'complaints', 'contact', 'content', 'errors', 'mail', 'operator', 'services', 'settings', 'staff', 'validation'] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** A namespace's strings: `key → text`, or one nested level `group → key → text`. */
export type Strings = { [key: string]: string | { [key: string]: string } };

/** Every string, by locale and namespace (web's parity test keeps them in step). */
export const resources: Readonly<Record<StringsLocale, Record<Namespace, Strings>>> = {
  ar: { admin: arAdmin, common: arCommon, complaints: arComplaints, contact: arContact, content: arContent, errors: arErrors, mail: arMail, operator: arOperator, services: arServices, settings: arSettings, staff: arStaff, validation: arValidation },
  fr: { admin: frAdmin, common: frCommon, complaints: frComplaints, contact: frContact, content: frContent, errors: frErrors, mail: frMail, operator: frOperator, services: frServices, settings: frSettings, staff: frStaff, validation: frValidation },
  zgh: { admin: zghAdmin, common: zghCommon, complaints: zghComplaints, contact: zghContact, content: zghContent, errors: zghErrors, mail: zghMail, operator: zghOperator, services: zghServices, settings: zghSettings, staff: zghStaff, validation: zghValidation },
};

/** The Arabic resources give i18next's `t` its key types (web's i18next.d.ts). */
export type ResourceShape = {
  admin: typeof arAdmin;
  common: typeof arCommon;
  complaints: typeof arComplaints;
  contact: typeof arContact;
  content: typeof arContent;
  errors: typeof arErrors;
  mail: typeof arMail;
  operator: typeof arOperator;
  services: typeof arServices;
  settings: typeof arSettings;
  staff: typeof arStaff;
  validation: typeof arValidation;
};

/** The part of an i18next instance whose plural resolver `usePluralRule` replaces. */
interface WithPluralResolver {
  services: { pluralResolver: unknown };
}

/**
 * Replaces i18next's plural rule for `code` on one instance (i18next asks `Intl.PluralRules`, which has
 * no zgh data and answers with English). Call it right after `init`.
 *
 * @example usePluralRule(instance, 'zgh', zghPluralRule)
 */
export function usePluralRule(instance: WithPluralResolver, code: string, rule: PluralRule): void {
  const resolver = instance.services.pluralResolver as {
    getRule(code: string, options?: { ordinal?: boolean }): PluralRule | undefined;
  };
  const getRule = resolver.getRule.bind(resolver);
  resolver.getRule = (asked, options) => (asked === code && !options?.ordinal ? rule : getRule(asked, options));
}
