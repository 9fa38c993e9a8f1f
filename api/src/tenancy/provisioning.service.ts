import fs from 'node:fs';
import type { TenantSpec } from '@jamaa/tenants/manifest.ts';
import { recordAudit, type RequestMeta } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import type { BrandingRow } from '../db/schema.ts';
import { recordFile, storeVerbatim } from '../files/files.service.ts';
import type { Storage } from '../files/storage.ts';
import { insertOffice } from '../offices/offices.repository.ts';
import { insertContactDefaults } from '../contact/contact.service.ts';
import { contactDefaultsFor, loadContactDirectory, type ContactDirectory } from '@jamaa/tenants/contact.ts';
import { upsertSiteText } from '../site/site.repository.ts';
import { addStarterReplyTemplates } from '../complaints/reply-templates.service.ts';
import {
  findClaimedDomains,
  findTenantsByCodes,
  lockProvisioning,
  setProvisionedBranding,
} from './provisioning.repository.ts';
import { findChildTenantBySlug, findPlatformTenant, insertTenant, insertTenantDomain } from './tenants.repository.ts';
import { actAsTenant, announceTenantsChanged, withProvisioning, type ProvisioningTx } from './unit-of-work.ts';

/** Who provisions: the operator (audited under their account), or the system (`actor: null`: seeding, benchmark). */
export interface ProvisioningBy {
  actor: { id: string; email: string } | null;
  /** Defaults to no address and no request id. */
  meta?: RequestMeta;
  /** Defaults to now. */
  at?: Date;
}

export interface ProvisionedTenant {
  code: string;
  slug: string;
  kind: TenantSpec['kind'];
  id: string;
}

/** Why a spec was not provisioned, while the rest of its batch was. */
export type RefusalReason =
  /** Its parent is neither in the database nor (created) in the batch. */
  | 'parent_missing'
  /** Its parent was refused in this batch. */
  | 'parent_refused'
  /** A sibling (same parent) already has this slug, in the database or earlier in the batch. */
  | 'slug_taken'
  /** One of its custom domains belongs to another tenant (or another spec of the batch). */
  | 'domain_taken'
  /** The same code appears twice in the batch. */
  | 'duplicate_code'
  /** A second platform tenant. */
  | 'platform_exists';

export interface ProvisioningReport {
  created: ProvisionedTenant[];
  /** Already there (same registry code): nothing changed. Running a batch twice skips all of it. */
  skipped: ProvisionedTenant[];
  refused: { code: string; slug: string; reason: RefusalReason; detail: string }[];
}

const DEPTH: Record<TenantSpec['kind'], number> = { platform: 0, commune: 1, arrondissement: 2 };

/**
 * Creates tenants — communes, a city with all its arrondissements, a whole region — in one transaction as
 * `jamaa_provisioner`: either everything the report says was created is there, or (on any error) nothing
 * is. Each spec is created with its domains, welcome text, offices and logo (written to `storage`; shipped
 * files, stored as they are), and recorded in its own audit log (`tenant.provisioned`, by `by.actor`).
 * A code that exists is skipped, so a batch may be run again; a spec that cannot be created is refused
 * with its reason, the others still are. One change notification for the whole batch.
 *
 * Specs may come in any order: parents are created before their children.
 *
 * @example await provisionTenants(db, storage, registrySpecs(findCommune('06.141.01.0')!), { actor: null })
 */
export async function provisionTenants(db: Database, storage: Storage, specs: readonly TenantSpec[], by: ProvisioningBy): Promise<ProvisioningReport> {
  return withProvisioning(db, (tx) => provisionTenantsIn(tx, storage, specs, by));
}

/** `provisionTenants` inside a transaction the caller holds (seeding, which records its run in the same one). */
export async function provisionTenantsIn(tx: ProvisioningTx, storage: Storage, specs: readonly TenantSpec[], by: ProvisioningBy): Promise<ProvisioningReport> {
  await lockProvisioning(tx);
  const at = by.at ?? new Date();
  const meta = by.meta ?? { ip: null, requestId: null };
  const report: ProvisioningReport = { created: [], skipped: [], refused: [] };
  const ordered = [...specs].sort((a, b) => DEPTH[a.kind] - DEPTH[b.kind]);
  const specsByCode = new Map(specs.map((s) => [s.code, s]));

  const codes = new Set(specs.flatMap((s) => (s.parentCode ? [s.code, s.parentCode] : [s.code])));
  const existing = new Map((await findTenantsByCodes(tx, [...codes])).map((t) => [t.code, t]));
  const idsByCode = new Map([...existing].map(([code, t]) => [code, t.id]));
  const platform = await findPlatformTenant(tx);
  const takenDomains = new Set(await findClaimedDomains(tx, specs.flatMap((s) => s.domains)));
  const takenSlugs = new Set<string>();
  const refused = new Set<string>();
  const seen = new Set<string>();

  const refuse = (spec: TenantSpec, reason: RefusalReason, detail: string) => {
    refused.add(spec.code);
    report.refused.push({ code: spec.code, slug: spec.slug, reason, detail });
  };

  for (const spec of ordered) {
    if (seen.has(spec.code)) {
      refuse(spec, 'duplicate_code', `${spec.code} appears more than once in the batch`);
      continue;
    }
    seen.add(spec.code);
    const found = existing.get(spec.code);
    if (found) {
      report.skipped.push({ code: spec.code, slug: found.slug, kind: found.kind, id: found.id });
      continue;
    }
    let parentId: string | null;
    if (spec.kind === 'platform') {
      if (platform) {
        refuse(spec, 'platform_exists', `the platform tenant exists (${platform.code})`);
        continue;
      }
      parentId = null;
    } else {
      const parentCode = spec.parentCode ?? platform?.code ?? null;
      parentId = spec.parentCode ? (idsByCode.get(spec.parentCode) ?? null) : (platform?.id ?? null);
      if (!parentId) {
        if (parentCode && refused.has(parentCode)) refuse(spec, 'parent_refused', `its parent ${parentCode} was refused`);
        else refuse(spec, 'parent_missing', spec.parentCode ? `no tenant ${spec.parentCode}` : 'no platform tenant');
        continue;
      }
      const slugKey = `${parentId}/${spec.slug}`;
      if (takenSlugs.has(slugKey) || (await findChildTenantBySlug(tx, parentId, spec.slug))) {
        refuse(spec, 'slug_taken', `a sibling already has the slug ${spec.slug}`);
        continue;
      }
      takenSlugs.add(slugKey);
    }
    const clash = spec.domains.find((d) => takenDomains.has(d));
    if (clash) {
      refuse(spec, 'domain_taken', `the domain ${clash} belongs to another tenant`);
      continue;
    }
    for (const d of spec.domains) takenDomains.add(d);

    const parentSpec = spec.parentCode ? (specsByCode.get(spec.parentCode) ?? null) : null;
    const id = await createTenant(tx, storage, spec, parentId, parentSpec, at);
    idsByCode.set(spec.code, id);
    await recordAudit(await actAsTenant(tx, { id }), {
      tenantId: id,
      at,
      actor: by.actor,
      action: 'tenant.provisioned',
      target: { type: 'tenant', id, label: spec.slug },
      after: { code: spec.code, kind: spec.kind, slug: spec.slug, parentCode: spec.parentCode, domains: spec.domains, status: spec.status },
      meta,
    });
    report.created.push({ code: spec.code, slug: spec.slug, kind: spec.kind, id });
  }
  // Every process drops its whole host cache on any notification: one tells them all.
  if (report.created.length > 0) await announceTenantsChanged(tx);
  return report;
}

let directory: ContactDirectory | null = null;
/** The shipped contact directory, read once per process. */
function contactDirectory(): ContactDirectory {
  directory ??= loadContactDirectory();
  return directory;
}

/** One tenant's rows: the tenant, its domains, welcome text, offices, starter reply templates, and branding with its logo. */
async function createTenant(tx: ProvisioningTx, storage: Storage, spec: TenantSpec, parentId: string | null, parent: TenantSpec | null, at: Date): Promise<string> {
  const tenant = await insertTenant(tx, {
    parent_id: parentId,
    kind: spec.kind,
    code: spec.code,
    slug: spec.slug,
    status: spec.status,
    names: JSON.stringify(spec.names),
    locales: spec.locales,
    default_locale: spec.defaultLocale,
    fallback_locales: spec.fallbackLocales,
    // Written below once the logo is stored; an arrondissement inherits what equals its commune's.
    branding: JSON.stringify({}),
    population: spec.population,
  });
  for (const domain of spec.domains) await insertTenantDomain(tx, tenant.id, domain);

  const asTenant = await actAsTenant(tx, { id: tenant.id });
  if (Object.values(spec.content.welcome).some(Boolean)) {
    await upsertSiteText(asTenant, 'home.welcome', spec.content.welcome);
  }
  for (const [position, o] of spec.offices.entries()) {
    await insertOffice(asTenant, {
      key: o.key,
      kind: o.kind,
      names: o.names,
      address: o.address,
      latitude: o.location.lat,
      longitude: o.location.lng,
      hours: o.hours,
      ramadanHours: o.ramadanHours,
      phone: o.phone ?? null,
      email: o.email ?? null,
      position,
    });
  }
  // Whom to call: the national hotlines (and a commune's known operators) from tenants/contact/directory.yaml.
  await insertContactDefaults(asTenant, contactDefaultsFor(contactDirectory(), spec));
  // What agents reply with, per state, until staff write their own (the platform has no complaints).
  if (spec.kind !== 'platform') await addStarterReplyTemplates(asTenant, at);
  const branding: Partial<BrandingRow> = {};
  const p = spec.branding;
  const inherited = parent?.branding;
  if (p.primaryColor !== inherited?.primaryColor) branding.primaryColor = p.primaryColor;
  if (p.accentColor !== inherited?.accentColor) branding.accentColor = p.accentColor;
  if (p.logo && p.logo.path !== inherited?.logo?.path) {
    // Written before the commit: a batch that rolls back leaves an unreferenced file (no row points to it).
    const file = await storeVerbatim(storage, tenant.id, 'logo', new Uint8Array(fs.readFileSync(p.logo.path)), p.logo.contentType);
    await recordFile(asTenant, file);
    branding.logo = { fileId: file.id, sha256: file.sha256, contentType: file.contentType };
  }
  await setProvisionedBranding(tx, tenant.id, branding);
  return tenant.id;
}
