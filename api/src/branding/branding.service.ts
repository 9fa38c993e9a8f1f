import { audit, type AuditEntry, type ChangeContext } from '../audit/audit.service.ts';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { BrandingRow, TenantRow } from '../db/schema.ts';
import { AppError } from '../shared/errors.ts';
import { deleteFiles, recordFile, removeStoredObjects, storeUpload, usingStoredFile } from '../files/files.service.ts';
import type { Storage, StorageBody } from '../files/storage.ts';
import { effectiveBranding, logoUrlOf } from '../site/site.service.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';
import { findTenantById } from '../tenancy/tenants.repository.ts';
import { changeTenant } from '../tenancy/tenants.service.ts';
import { actAsTenant, withPlatform, type PlatformTx } from '../tenancy/unit-of-work.ts';
import type { BrandingChange, BrandingSettings, ContrastProblem } from './branding.schemas.ts';
import { contrastRatio, contrastWithWhite, displayRatio, MIN_CONTRAST, MIN_NON_TEXT_CONTRAST, WHITE } from '@jamaa/tenants/contrast.ts';

/** What a tenant row stores: only what it sets itself (an arrondissement inherits the rest). */
type OwnBranding = Partial<BrandingRow>;

const COLOUR_FIELDS = ['primaryColor', 'accentColor'] as const;

function ownOf(tenant: TenantRow): OwnBranding {
  return { ...tenant.branding };
}

/** The tenant and its commune, read afresh (the host cache may be a moment behind a change just made). */
async function freshChain(tx: PlatformTx, resolved: ResolvedTenant, self?: TenantRow): Promise<TenantRow[]> {
  const rows: TenantRow[] = [];
  for (const { id } of resolved.chain) {
    const row = self?.id === id ? self : await findTenantById(tx, id);
    if (row) rows.push(row);
  }
  return rows;
}

/** The branding in effect for `chain[0]`, and which fields it inherits. */
export function toBrandingSettings(chain: readonly TenantRow[]): BrandingSettings {
  const [tenant] = chain;
  if (!tenant) throw new Error('a chain starts with the tenant');
  const effective = effectiveBranding(chain);
  const own = ownOf(tenant);
  return {
    primaryColor: effective.primaryColor,
    accentColor: effective.accentColor,
    logoUrl: logoUrlOf(effective.logo),
    inherited: { primaryColor: !own.primaryColor, accentColor: !own.accentColor, logo: !own.logo },
  };
}

export async function getBranding(db: Database, resolved: ResolvedTenant): Promise<BrandingSettings> {
  return toBrandingSettings(await withPlatform(db, (tx) => freshChain(tx, resolved)));
}

/**
 * What is wrong with the colours `change` would put in effect over `current`: the primary colour
 * carries white text (header, buttons) and needs 4.5:1 against white; the accent is a stripe and marks
 * beside the primary colour (never text) and needs 3:1 against it (WCAG 1.4.11). Only what the change
 * touches is checked: re-saving colours already in effect is never refused.
 *
 * @example contrastProblems({ primaryColor: '#777777' }, { primaryColor: '#0b4f8a', accentColor: '#c99a2e' })
 *   // → [{ path: 'primaryColor', against: '#ffffff', ratio: 4.47, minimum: 4.5, … }]
 */
export function contrastProblems(change: BrandingChange, current: Record<(typeof COLOUR_FIELDS)[number], string>): ContrastProblem[] {
  const primary = change.primaryColor?.toLowerCase() ?? current.primaryColor.toLowerCase();
  const accent = change.accentColor?.toLowerCase() ?? current.accentColor.toLowerCase();
  const problems: ContrastProblem[] = [];
  if (change.primaryColor && primary !== current.primaryColor.toLowerCase()) {
    const ratio = contrastWithWhite(primary);
    if (ratio < MIN_CONTRAST) problems.push({ path: 'primaryColor', code: 'contrast_too_low', color: primary, against: WHITE, ratio: displayRatio(ratio), minimum: MIN_CONTRAST });
  }
  const touched = (change.accentColor && accent !== current.accentColor.toLowerCase()) || (change.primaryColor && primary !== current.primaryColor.toLowerCase());
  if (touched) {
    const ratio = contrastRatio(accent, primary);
    if (ratio < MIN_NON_TEXT_CONTRAST) problems.push({ path: 'accentColor', code: 'contrast_too_low', color: accent, against: primary, ratio: displayRatio(ratio), minimum: MIN_NON_TEXT_CONTRAST });
  }
  return problems;
}

/** Records `entry` in the tenant's own log, in the transaction of the change. */
async function auditTenant(tx: PlatformTx, tenant: TenantRow, by: ChangeContext, entry: Pick<AuditEntry, 'action' | 'before' | 'after'>): Promise<void> {
  await audit(await actAsTenant(tx, { id: tenant.id }), by, { tenantId: tenant.id, target: { type: 'tenant', id: tenant.id, label: tenant.slug }, ...entry });
}

/**
 * Sets or clears (`null`) this tenant's own colours; a field left out is kept. Refuses, changing
 * nothing, colours that would be hard to see (CONTRAST_TOO_LOW, one detail per colour, see contrastProblems). Every
 * process drops its cached copy of the tenant; the public site shows the new colours on its next request.
 */
export async function changeBranding(db: Database, resolved: ResolvedTenant, change: BrandingChange, by: ChangeContext): Promise<BrandingSettings> {
  const updated = await changeTenant(db, resolved.tenant.id, async (current, tx) => {
    const problems = contrastProblems(change, effectiveBranding(await freshChain(tx, resolved, current)));
    if (problems.length > 0) {
      throw new AppError('CONTRAST_TOO_LOW', 'a colour would be hard to see (primary: 4.5:1 against white; accent: 3:1 against the primary)', problems);
    }
    const own = ownOf(current);
    const before = { primaryColor: own.primaryColor ?? null, accentColor: own.accentColor ?? null };
    for (const field of COLOUR_FIELDS) {
      const value = change[field];
      if (value === null) delete own[field];
      else if (value !== undefined) own[field] = value.toLowerCase();
    }
    const after = { primaryColor: own.primaryColor ?? null, accentColor: own.accentColor ?? null };
    if (before.primaryColor !== after.primaryColor || before.accentColor !== after.accentColor) {
      await auditTenant(tx, current, by, { action: 'branding.colors_changed', before, after });
    }
    return { branding: JSON.stringify(own) };
  });
  return toBrandingSettings(await withPlatform(db, (tx) => freshChain(tx, resolved, updated)));
}

const logoFacts = (logo: OwnBranding['logo']) => (logo ? { sha256: logo.sha256, contentType: logo.contentType } : null);

/** What the logo functions need: the database, where file bytes go, and a log for orphaned bytes. */
export interface LogoDeps {
  db: Database;
  storage: Storage;
  logger?: Logger;
}

/**
 * Replaces this tenant's logo with an uploaded image, re-encoded by the files service (purpose `logo`:
 * PNG within 512 × 512, no metadata). The bytes are stored first; then, in one transaction, the file's
 * row is written, the branding points to it, the previous logo rows are deleted and the change is
 * audited; the previous bytes are removed once that has committed (and the new ones if it failed). The
 * public logo URL carries the new content's hash, so no cache shows the old one under it.
 */
export async function replaceLogo(deps: LogoDeps, resolved: ResolvedTenant, upload: { body: StorageBody; declaredSize: number | null }, by: ChangeContext): Promise<BrandingSettings> {
  const tenantId = resolved.tenant.id;
  // Outside any transaction: reading, decoding and storing take time and must not hold a connection.
  const logo = await storeUpload(deps.storage, tenantId, 'logo', upload.body, { declaredSize: upload.declaredSize });
  let replaced: string[] = [];
  const updated = await usingStoredFile(
    deps.storage,
    logo,
    () =>
      changeTenant(deps.db, tenantId, async (current, tx) => {
        const own = ownOf(current);
        const asTenant = await actAsTenant(tx, { id: current.id });
        await recordFile(asTenant, logo);
        replaced = await deleteFiles(asTenant, { purpose: 'logo', keepId: logo.id });
        const next = { fileId: logo.id, sha256: logo.sha256, contentType: logo.contentType };
        await auditTenant(tx, current, by, {
          action: 'branding.logo_changed',
          before: logoFacts(own.logo),
          after: { ...logoFacts(next), width: logo.width, height: logo.height, bytes: logo.size },
        });
        return { branding: JSON.stringify({ ...own, logo: next }) };
      }),
    deps.logger,
  );
  await removeStoredObjects(deps.storage, replaced, deps.logger);
  return toBrandingSettings(await withPlatform(deps.db, (tx) => freshChain(tx, resolved, updated)));
}

/** Removes this tenant's own logo (and its file): its commune's shows again, or the default mark. */
export async function removeLogo(deps: LogoDeps, resolved: ResolvedTenant, by: ChangeContext): Promise<BrandingSettings> {
  let removed: string[] = [];
  const updated = await changeTenant(deps.db, resolved.tenant.id, async (current, tx) => {
    const own = ownOf(current);
    const asTenant = await actAsTenant(tx, { id: current.id });
    removed = await deleteFiles(asTenant, { purpose: 'logo' });
    if (own.logo || removed.length > 0) await auditTenant(tx, current, by, { action: 'branding.logo_removed', before: logoFacts(own.logo), after: null });
    delete own.logo;
    return { branding: JSON.stringify(own) };
  });
  await removeStoredObjects(deps.storage, removed, deps.logger);
  return toBrandingSettings(await withPlatform(deps.db, (tx) => freshChain(tx, resolved, updated)));
}
