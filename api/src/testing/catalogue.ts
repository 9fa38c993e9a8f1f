// Catalogue fixtures shared by tests.
import { loadCatalogue } from '@jamaa/tenants/catalogue.ts';

/**
 * A commune's own service as an administrator would post it (`POST /api/v1/admin/catalogue/local-services`):
 * the national signature légalisation's card under a local code and names, offered on Saturdays.
 */
export function localWeekendLegalisation() {
  const signature = loadCatalogue().services.find((s) => s.code === 'signature-legalisation');
  if (!signature) throw new Error('the catalogue has no signature-legalisation');
  return {
    ...signature,
    code: 'local-weekend-legalisation',
    names: { ar: 'تصحيح الإمضاء يوم السبت', fr: 'Légalisation le samedi', zgh: 'ⴰⵙⵙⵉⴷⵜ ⴰⵙⵉⵎⵡⴰⵙ' },
  };
}
