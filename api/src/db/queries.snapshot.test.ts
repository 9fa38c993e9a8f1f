import { describe, expect, it } from 'vitest';
import { countOpenInvitations, countUndeliveredMail, listOfferingsToReview } from '../dashboard/dashboard.repository.ts';
import {
  deleteOffice,
  findOffice,
  insertOffice,
  listOfferingsUsingOffice,
  listOfficeKeys,
  listOffices,
  nextOfficePosition,
  updateOffice,
  type NewOffice,
} from '../offices/offices.repository.ts';
import { findClaimedDomains, findTenantsByCodes, lockProvisioning, setProvisionedBranding } from '../tenancy/provisioning.repository.ts';
import { findHostTenant } from '../tenancy/tenants.repository.ts';
import type { ProvisioningTx, TenantTx } from '../tenancy/unit-of-work.ts';
import { sqlSnapshot } from '../testing/sql-snapshot.ts';

/**
 * The catalogue search, offices, dashboard and provisioning queries, compiled, in a file reviewers read:
 * a change to the SQL shows in the diff (`vitest -u` rewrites it). Staff account queries are in
 * `accounts/queries.snapshot.sql`.
 */
describe('catalogue search, offices, dashboard and provisioning queries', () => {
  it('compile to the SQL in queries.snapshot.sql', async () => {
    const s = sqlSnapshot();
    const tx = s.tx as unknown as TenantTx & ProvisioningTx;
    const now = new Date(0);
    const office: NewOffice = {
      key: 'civil-status',
      kind: 'civil_status',
      names: { ar: 'a', fr: 'f' },
      address: { ar: 'a', fr: 'f' },
      latitude: 33.5,
      longitude: -7.6,
      hours: [],
      phone: null,
      email: null,
      position: 0,
    };
    // The catalogue search has its own snapshot, beside it (catalogue/queries.snapshot.sql).
    await s.run('listOffices', () => listOffices(tx, ['t1', 't2']));
    await s.run('findOffice', () => findOffice(tx, 'o'));
    await s.run('listOfficeKeys', () => listOfficeKeys(tx, 'civil-status'));
    await s.run('nextOfficePosition', () => nextOfficePosition(tx));
    await s.run('insertOffice', () => insertOffice(tx, office));
    await s.run('updateOffice', () => updateOffice(tx, 'o', office, now));
    await s.run('deleteOffice', () => deleteOffice(tx, 'o'));
    await s.run('listOfferingsUsingOffice', () => listOfferingsUsingOffice(tx, ['t1', 't2'], 'o'));
    await s.run('countOpenInvitations', () => countOpenInvitations(tx, now));
    await s.run('listOfferingsToReview', () => listOfferingsToReview(tx));
    await s.run('countUndeliveredMail', () => countUndeliveredMail(tx));
    await s.run('lockProvisioning', () => lockProvisioning(tx));
    await s.run('findTenantsByCodes', () => findTenantsByCodes(tx, ['06.141.01.0', '06.141.01.01']));
    await s.run('findClaimedDomains', () => findClaimedDomains(tx, ['casablancacity.ma']));
    await s.run('findHostTenant (platform)', () => findHostTenant(tx, { type: 'platform' }));
    await s.run('findHostTenant (commune)', () => findHostTenant(tx, { type: 'subdomain', slugs: ['casablanca'] }));
    await s.run('findHostTenant (arrondissement)', () => findHostTenant(tx, { type: 'subdomain', slugs: ['casablanca', 'anfa'] }));
    await s.run('findHostTenant (custom domain)', () => findHostTenant(tx, { type: 'custom', domain: 'anfa.casablancacity.ma' }));
    await s.run('setProvisionedBranding', () => setProvisionedBranding(tx, 't', { primaryColor: '#1a5f7a' }));
    const text = s.text();
    // Each function sent at least one statement: a function that stopped compiling would leave an empty block.
    expect(text).not.toMatch(/^-- [^\n]*\n\n/m);
    await expect(text).toMatchFileSnapshot('./queries.snapshot.sql');
  });
});
