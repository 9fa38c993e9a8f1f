import type { Migration, MigrationProvider } from 'kysely/migration';
import * as m0001 from './2026_11_23_0001_tenants_and_isolation.ts';
import * as m0002 from './2026_11_23_0002_catalogue_and_offices.ts';
import * as m0003 from './2026_11_23_0003_staff_accounts.ts';
import * as m0010 from './2026_12_04_0010_throttle_by_account_and_address.ts';
import * as m0011 from './2026_12_04_0011_audit_public_id.ts';
import * as m0020 from './2026_12_04_0020_least_privilege.ts';
import * as m0030 from './2026_12_04_0030_request_primitives.ts';
import * as m0040 from './2026_12_04_0040_file_storage.ts';
import * as m0050 from './2026_12_04_0050_mail_delivery.ts';
import * as m0060 from './2026_12_05_0060_contact_directory.ts';
import * as m0070 from './2026_12_05_0070_commune_tariff.ts';
import * as m0080 from './2026_12_05_0080_complaints.ts';
import * as m0090 from './2026_12_05_0090_content.ts';
import * as m0100 from './2026_12_05_0100_domain_states.ts';
import * as m0110 from './2026_12_05_0110_tenant_lifecycle.ts';
import * as m0115 from './2026_12_05_0115_support.ts';
import * as m0120 from './2026_12_05_0120_citus_readiness.ts';
import * as m0125 from './2026_12_05_0125_platform_counts_on_citus.ts';
import * as m0300 from './2026_12_06_0300_catalogue_drafts.ts';
import * as m0330 from './2026_12_06_0330_complaint_attributes.ts';
import * as m0400 from './2026_12_06_0400_office_closures.ts';
import * as m0500 from './2026_12_07_0500_operator_access_grants.ts';
import * as m0600 from './2026_12_07_0600_sms_outbox.ts';
import * as m0700 from './2026_12_07_0700_complaint_open_queue.ts';

/** Every migration, in order. Append; never edit one that has run. */
export const migrations: Record<string, Migration> = {
  '2026_11_23_0001_tenants_and_isolation': m0001,
  '2026_11_23_0002_catalogue_and_offices': m0002,
  '2026_11_23_0003_staff_accounts': m0003,
  '2026_12_04_0010_throttle_by_account_and_address': m0010,
  '2026_12_04_0011_audit_public_id': m0011,
  '2026_12_04_0020_least_privilege': m0020,
  '2026_12_04_0030_request_primitives': m0030,
  '2026_12_04_0040_file_storage': m0040,
  '2026_12_04_0050_mail_delivery': m0050,
  '2026_12_05_0060_contact_directory': m0060,
  '2026_12_05_0070_commune_tariff': m0070,
  '2026_12_05_0080_complaints': m0080,
  '2026_12_05_0090_content': m0090,
  '2026_12_05_0100_domain_states': m0100,
  '2026_12_05_0110_tenant_lifecycle': m0110,
  '2026_12_05_0115_support': m0115,
  '2026_12_05_0120_citus_readiness': m0120,
  '2026_12_05_0125_platform_counts_on_citus': m0125,
  '2026_12_06_0300_catalogue_drafts': m0300,
  '2026_12_06_0330_complaint_attributes': m0330,
  '2026_12_06_0400_office_closures': m0400,
  '2026_12_07_0500_operator_access_grants': m0500,
  '2026_12_07_0600_sms_outbox': m0600,
  '2026_12_07_0700_complaint_open_queue': m0700,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
