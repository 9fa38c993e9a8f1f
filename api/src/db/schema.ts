import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface TenantNames {
  ar?: string;
  fr?: string;
  zgh?: string;
}
export interface BrandingRow {
  primaryColor: string;
  accentColor: string;
  logo: { fileId: string; sha256: string; contentType: string } | null;
}

export interface TenantsTable {
  id: Generated<string>;
  parent_id: string | null;
  kind: 'platform' | 'commune' | 'arrondissement';
  code: string;
  slug: string;
  status: 'provisioning' | 'active' | 'suspended' | 'archived';
  names: Json<TenantNames>;
  locales: string[];
  default_locale: string;
  fallback_locales: string[];
  branding: Json<BrandingRow>;
  population: number | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TenantDomainsTable {
  domain: string;
  tenant_id: string;
  created_at: Timestamp;
}

export interface SeedRunsTable {
  name: string;
  applied_at: Timestamp;
}

export interface SiteTextsTable {
  tenant_id: string;
  key: string;
  value: Json<TenantNames>;
  updated_at: Timestamp;
}

export interface TenantFilesTable {
  tenant_id: string;
  id: Generated<string>;
  purpose: 'logo';
  content_type: string;
  bytes: Uint8Array;
  sha256: string;
  created_at: Timestamp;
}

export interface CatalogueVersionsTable {
  id: Generated<string>;
  content_hash: string;
  label: string;
  published_at: Timestamp;
  is_current: Generated<boolean>;
}

export interface CatalogueCategoriesTable {
  version_id: string;
  code: string;
  names: Json<TenantNames>;
  icon: string;
  position: number;
}

export interface CatalogueServicesTable {
  version_id: string;
  code: string;
  category: string;
  audiences: string[];
  card: Json<Record<string, unknown>>;
  name_search: string;
  body_search: string;
}

export interface OfficeHours {
  days: string[];
  opens: string;
  closes: string;
}

export interface OfficesTable {
  tenant_id: string;
  id: Generated<string>;
  key: string;
  kind: string;
  names: Json<TenantNames>;
  address: Json<TenantNames>;
  latitude: number | null;
  longitude: number | null;
  hours: Json<OfficeHours[]>;
  phone: string | null;
  email: string | null;
  position: Generated<number>;
  updated_at: Timestamp;
}

export interface ServiceOfferingsTable {
  tenant_id: string;
  service_code: string;
  enabled: boolean | null;
  overrides: Json<Record<string, unknown>>;
  base_version_id: string | null;
  review_fields: Generated<string[]>;
  updated_at: Timestamp;
}

export interface LocalServicesTable {
  tenant_id: string;
  code: string;
  category: string;
  audiences: string[];
  card: Json<Record<string, unknown>>;
  enabled: Generated<boolean>;
  name_search: string;
  body_search: string;
  updated_at: Timestamp;
}

export interface DB {
  tenants: TenantsTable;
  tenant_domains: TenantDomainsTable;
  seed_runs: SeedRunsTable;
  site_texts: SiteTextsTable;
  tenant_files: TenantFilesTable;
  catalogue_versions: CatalogueVersionsTable;
  catalogue_categories: CatalogueCategoriesTable;
  catalogue_services: CatalogueServicesTable;
  offices: OfficesTable;
  service_offerings: ServiceOfferingsTable;
  local_services: LocalServicesTable;
}

export type TenantRow = Selectable<TenantsTable>;
export type NewTenantRow = Insertable<TenantsTable>;
export type TenantUpdate = Updateable<TenantsTable>;
