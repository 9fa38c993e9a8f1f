import type { Locale } from '@jamaa/api/shared/locale.ts';
import arAdmin from './locales/ar/admin.json' with { type: 'json' };
import arCommon from './locales/ar/common.json' with { type: 'json' };
import arErrors from './locales/ar/errors.json' with { type: 'json' };
import arServices from './locales/ar/services.json' with { type: 'json' };
import arSettings from './locales/ar/settings.json' with { type: 'json' };
import arStaff from './locales/ar/staff.json' with { type: 'json' };
import arValidation from './locales/ar/validation.json' with { type: 'json' };
import frAdmin from './locales/fr/admin.json' with { type: 'json' };
import frCommon from './locales/fr/common.json' with { type: 'json' };
import frErrors from './locales/fr/errors.json' with { type: 'json' };
import frServices from './locales/fr/services.json' with { type: 'json' };
import frSettings from './locales/fr/settings.json' with { type: 'json' };
import frStaff from './locales/fr/staff.json' with { type: 'json' };
import frValidation from './locales/fr/validation.json' with { type: 'json' };
import zghAdmin from './locales/zgh/admin.json' with { type: 'json' };
import zghCommon from './locales/zgh/common.json' with { type: 'json' };
import zghErrors from './locales/zgh/errors.json' with { type: 'json' };
import zghServices from './locales/zgh/services.json' with { type: 'json' };
import zghSettings from './locales/zgh/settings.json' with { type: 'json' };
import zghStaff from './locales/zgh/staff.json' with { type: 'json' };
import zghValidation from './locales/zgh/validation.json' with { type: 'json' };

export const NAMESPACES = ['admin', 'common', 'errors', 'services', 'settings', 'staff', 'validation'] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** A namespace's strings: `key → text`, or one nested level `group → key → text`. */
export type Strings = { [key: string]: string | { [key: string]: string } };

/** Every UI string, by locale and namespace (the parity test keeps them in step). */
export const resources: Readonly<Record<Locale, Record<Namespace, Strings>>> = {
  ar: { admin: arAdmin, common: arCommon, errors: arErrors, services: arServices, settings: arSettings, staff: arStaff, validation: arValidation },
  fr: { admin: frAdmin, common: frCommon, errors: frErrors, services: frServices, settings: frSettings, staff: frStaff, validation: frValidation },
  zgh: { admin: zghAdmin, common: zghCommon, errors: zghErrors, services: zghServices, settings: zghSettings, staff: zghStaff, validation: zghValidation },
};

/** The Arabic resources give i18next's `t` its key types (see i18next.d.ts). */
export type ResourceShape = {
  admin: typeof arAdmin;
  common: typeof arCommon;
  errors: typeof arErrors;
  services: typeof arServices;
  settings: typeof arSettings;
  staff: typeof arStaff;
  validation: typeof arValidation;
};
