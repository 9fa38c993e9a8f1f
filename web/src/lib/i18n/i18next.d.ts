import 'i18next';
import type { ResourceShape } from './resources.ts';

// Type-checks translation keys: `t('common:no_such_key')` fails `npm run check`.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: ResourceShape;
  }
}
