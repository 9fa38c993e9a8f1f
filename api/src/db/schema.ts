import type { Service } from '@jamaa/tenants/catalogue.ts';
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ServiceOverrides } from '../catalogue/offering-merge.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `jsonb` column: read as `T` (the driver parses it), written as the JSON text of a `T`. */
type Json<T> = ColumnType<T, string, string>;
/** A JSON column with a default: optional on insert. */
type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;

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

/** A commune's tariff (migration 0070): where residents read the fees it sets; `{}` when unset. */
export interface TariffRow {
  /** The arrêté fiscal or tariff document, `https://…`. */
  url?: string;
  /** A short note in each language (what it covers, where to consult it on paper). */
  note?: TenantNames;
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
  /** The tenant's own choices; a key left out is inherited (`{}` for a new tenant). */
  branding: Json<Partial<BrandingRow>>;
  /** The tenant's own tariff; an arrondissement without one shows its commune's. */
  tariff: ColumnType<TariffRow, string | undefined, string>;
  population: number | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TenantDomainsTable {
  domain: string;
  tenant_id: string;
  created_at: Timestamp;
  /** `pending` until the reverse proxy obtained a certificate for it (migration 2026_12_05_0100). */
  state: Generated<'pending' | 'active'>;
  activated_at: Timestamp | null;
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

/** What a file is for; each purpose has its own size limit and accepted types (api/src/files/). */
export type FilePurpose = 'logo' | 'complaint_photo' | 'document' | 'image' | 'attachment';

export interface TenantFilesTable {
  tenant_id: string;
  id: Generated<string>;
  purpose: FilePurpose;
  content_type: string;
  size: number;
  sha256: string;
  /** Where the bytes are in storage; null only on a row from before storage whose bytes are not moved yet. */
  storage_key: string | null;
  /** Bytes of a file stored before 2026_12_04_0040, until the start-up step moves them to storage. */
  legacy_bytes: Uint8Array | null;
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
  card: Json<Service>;
  name_search: string;
  body_search: string;
}

export interface OfficeHours {
  days: string[];
  opens: string;
  closes: string;
}

/** Days an office is closed: Moroccan calendar dates `YYYY-MM-DD`, both included, and why. */
export interface OfficeClosure {
  from: string;
  to: string;
  reason: TenantNames;
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
  /** Opening periods during Ramadan; empty: the usual ones (migration 2026_12_05_0060). */
  ramadan_hours: JsonWithDefault<OfficeHours[]>;
  /** Dated closures, in order of their first day (migration 2026_12_06_0400). */
  closures: JsonWithDefault<OfficeClosure[]>;
}

/** `contact_lines` (migration 2026_12_05_0060): a tenant's hotlines. */
export interface ContactLinesTable {
  tenant_id: string;
  id: Generated<string>;
  topic: string;
  kind: 'short' | 'free' | 'line';
  /** Short numbers as dialled (`15`), others `+212XXXXXXXXX`. */
  number: string;
  free: Generated<boolean>;
  main: Generated<boolean>;
  labels: Json<TenantNames>;
  hours: JsonWithDefault<TenantNames>;
  notes: JsonWithDefault<TenantNames>;
  position: Generated<number>;
  updated_at: Timestamp;
}

/** `contact_operators` (migration 2026_12_05_0060): operators of delegated public services. */
export interface ContactOperatorsTable {
  tenant_id: string;
  id: Generated<string>;
  service: string;
  names: Json<TenantNames>;
  phone: string | null;
  website: string | null;
  app: string | null;
  agency: JsonWithDefault<TenantNames>;
  verified: Generated<boolean>;
  position: Generated<number>;
  updated_at: Timestamp;
}

export interface ServiceOfferingsTable {
  tenant_id: string;
  service_code: string;
  enabled: boolean | null;
  overrides: Json<ServiceOverrides>;
  base_version_id: string | null;
  review_fields: Generated<string[]>;
  updated_at: Timestamp;
}

/** The operator's draft of the next catalogue version: per service code, a new card or a withdrawal. */
/** One service's change in the draft; `basedOn`: the catalogue version (id) it was made against. */
export type CatalogueDraftChange = ({ card: Record<string, unknown> } | { withdrawn: true }) & { basedOn?: string };

export interface CatalogueDraftsTable {
  tenant_id: string;
  id: Generated<string>;
  label: string;
  changes: JsonWithDefault<Record<string, CatalogueDraftChange>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LocalServicesTable {
  tenant_id: string;
  code: string;
  category: string;
  audiences: string[];
  card: Json<Service>;
  enabled: Generated<boolean>;
  name_search: string;
  body_search: string;
  updated_at: Timestamp;
}

export type StaffRole = 'administrator' | 'editor' | 'agent' | 'supervisor';
export type PlatformRole = 'operator';

export interface StaffUsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string;
  password_changed_at: Timestamp;
  totp_secret: Uint8Array | null;
  totp_enabled_at: Timestamp | null;
  /** bigint: the driver returns a string. */
  totp_last_step: ColumnType<string | null, string | number | null, string | number | null>;
  session_generation: Generated<number>;
  disabled_at: Timestamp | null;
  created_at: Generated<Date>;
  /** Set when the operator reset the second factor: the person must enrol a new one before anything else. */
  totp_enrolment_required_at: Timestamp | null;
}

export interface StaffRecoveryCodesTable {
  user_id: string;
  code_hash: string;
  used_at: Timestamp | null;
}

export interface PlatformRolesTable {
  user_id: string;
  role: PlatformRole;
  granted_at: Generated<Date>;
}

export interface LoginThrottleTable {
  /** `account`: the e-mail typed, from clients it never signed in from; `ip`: a client address;
   * `account_ip`: both; `device`: the e-mail typed from a trusted device or a signed-in session. */
  scope: 'account' | 'ip' | 'account_ip' | 'device';
  key: string;
  failures: number;
  window_started_at: Timestamp;
  lockouts: number;
  locked_until: Timestamp | null;
}

/** Tenant-owned: browsers (by the SHA-256 of their device cookie) that completed a sign-in of an account here. */
export interface TrustedDevicesTable {
  tenant_id: string;
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_used_at: Timestamp;
  expires_at: Timestamp;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface MembershipsTable {
  tenant_id: string;
  user_id: string;
  role: StaffRole;
  department: string | null;
  disabled_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  tenant_id: string;
  id: string;
  user_id: string;
  generation: number;
  two_factor_verified: boolean;
  expires_at: Timestamp;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  ip: string | null;
  /** The browser the session was opened from (≤ 300 characters), to tell sessions apart. */
  user_agent: string | null;
}

export interface InvitationsTable {
  tenant_id: string;
  id: Generated<string>;
  token_hash: string;
  email: string;
  role: StaffRole;
  department: string | null;
  invited_by: string | null;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_by: string | null;
  revoked_at: Timestamp | null;
  created_at: Timestamp;
}

export interface AuditLogTable {
  tenant_id: string;
  /** bigint from the sequence audit_log_id_seq (an identity column before 0120), platform-wide: internal only (ordering), never shown. The driver returns a string. */
  id: ColumnType<string, never, never>;
  /** The entry's id in the API: random, so it tells nothing about other tenants' volume. */
  public_id: Generated<string>;
  at: Timestamp;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  ip: string | null;
  request_id: string | null;
}

export type MailStatus = 'pending' | 'sent' | 'failed' | 'held';
/** How an outbox message goes out (migration 2026_12_07_0600): by mail, or by SMS through the gateway. */
export type OutboxChannel = 'mail' | 'sms';

export interface MailOutboxTable {
  tenant_id: string;
  id: Generated<string>;
  to_address: string;
  subject: string;
  /** Blanked once a secret message is delivered or given up. */
  body_text: string;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  last_error: string | null;
  /** The text it was written from (`invitation`, `password_reset`, `message`). */
  kind: string;
  locale: string | null;
  /** Carries a link that grants access: its body is never shown to a tenant's staff. */
  secret: Generated<boolean>;
  status: MailStatus;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  claimed_until: Timestamp | null;
  /** `sms`: `to_address` is a number in E.164 (`+2126…`), `subject` a label for the console, `body_text` the SMS. */
  channel: Generated<OutboxChannel>;
}

/** `counters` (migration 2026_12_04_0030). */
export interface CountersTable {
  tenant_id: string;
  series: string;
  year: number;
  last: number;
}

/** `submission_throttle` (migration 2026_12_04_0030). */
export interface SubmissionThrottleTable {
  tenant_id: string;
  bucket: string;
  tokens: number;
  updated_at: Date;
}

/** `idempotency_keys` (migration 2026_12_04_0030). */
export interface IdempotencyKeysTable {
  tenant_id: string;
  scope: string;
  key_hash: string;
  request_hash: string;
  state: 'in_flight' | 'done';
  locked_until: Date | null;
  response_status: number | null;
  response_content_type: string | null;
  response_body: Uint8Array | null;
  created_at: Date;
  expires_at: Date;
}

/** `complaint_categories` (migration 2026_12_05_0080): a tenant's own categories (none: the defaults). */
export interface ComplaintCategoriesTable {
  tenant_id: string;
  code: string;
  names: Json<TenantNames>;
  deadline_days: Generated<number>;
  department: string | null;
  position: Generated<number>;
  active: Generated<boolean>;
}

/** `complaint_settings` (migration 2026_12_05_0080). */
export interface ComplaintSettingsTable {
  tenant_id: string;
  prefix: string | null;
  area_south: number | null;
  area_west: number | null;
  area_north: number | null;
  area_east: number | null;
  updated_at: Date;
}

export type ComplaintState = 'received' | 'assigned' | 'in_progress' | 'resolved' | 'rejected' | 'forwarded';
export type ComplaintChannel = 'web' | 'counter' | 'phone' | 'open311';

/** `complaints` (migration 2026_12_05_0080). */
export interface ComplaintsTable {
  tenant_id: string;
  id: Generated<string>;
  tracking: string;
  year: number;
  number: number;
  access_token_hash: string;
  category: string;
  description: string;
  text_reviewed_at: Date | null;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  landmark: string | null;
  anonymous: Generated<boolean>;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  locale: 'ar' | 'fr' | 'zgh';
  channel: ComplaintChannel;
  state: ComplaintState;
  department: string | null;
  assignee_id: string | null;
  deadline_days: number;
  due_at: Date;
  /** `YYYY-MM-DD` (the last day in time, in Morocco). */
  due_date: string;
  escalated_at: Date | null;
  merged_into: string | null;
  forwarded_to: string | null;
  forward_reference: string | null;
  open311_client: string | null;
  /** The answers to the category's questions (migration 2026_12_06_0330; `complaint-attributes.ts`). */
  attributes: ColumnType<Record<string, string | string[]>, string | undefined, string>;
  supporters: Generated<number>;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
}

export type ComplaintEventKind = 'received' | 'state' | 'assigned' | 'reply' | 'note' | 'merged' | 'forwarded' | 'escalated' | 'redacted' | 'photo';

/** `complaint_events` (migration 2026_12_05_0080). */
export interface ComplaintEventsTable {
  tenant_id: string;
  id: Generated<string>;
  seq: Generated<string>;
  complaint_id: string;
  at: Date;
  kind: ComplaintEventKind;
  from_state: ComplaintState | null;
  to_state: ComplaintState | null;
  public: boolean;
  body: string | null;
  locale: string | null;
  author_id: string | null;
  author_name: string | null;
  details: Json<Record<string, unknown>> | null;
}

/** `complaint_photos` (migration 2026_12_05_0080). */
export interface ComplaintPhotosTable {
  tenant_id: string;
  file_id: string;
  complaint_id: string;
  status: 'pending' | 'published' | 'hidden';
  created_at: Date;
  reviewed_at: Date | null;
}

/** `complaint_supporters` (migration 2026_12_05_0080). */
export interface ComplaintSupportersTable {
  tenant_id: string;
  complaint_id: string;
  supporter_hash: string;
  at: Date;
}

/** `complaint_reply_templates` (migration 2026_12_05_0080). */
export interface ComplaintReplyTemplatesTable {
  tenant_id: string;
  id: Generated<string>;
  state: ComplaintState;
  title: Json<TenantNames>;
  body: Json<TenantNames>;
  position: Generated<number>;
  updated_at: Date;
}

/** `open311_keys` (migration 2026_12_05_0080). */
export interface Open311KeysTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  key_hash: string;
  created_at: Date;
  created_by: string | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** `operator_access_grants` (migration 2026_12_07_0500): a tenant's grant of personal data to the operator. */
export interface OperatorAccessGrantsTable {
  tenant_id: string;
  id: Generated<string>;
  granted_by: string;
  reason: string;
  starts_at: Date;
  ends_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
}

/** A file joined to a content item (its row is in `tenant_files`). */
export interface ContentAttachment {
  fileId: string;
  /** `image` (re-encoded WebP) or `document` (PDF). */
  purpose: 'image' | 'document';
  contentType: string;
  size: number;
  name: TenantNames;
  /**
   * The bytes' SHA-256 (the `tenant_files` row's), recorded since 2026-12-06: the public URL carries its
   * first 16 hex digits (`?v=`), so it names these very bytes and may be cached as immutable. Absent on an
   * earlier attachment, whose URL is the bare id.
   */
  sha256?: string;
}

/** `content_items` (migration 2026_12_05_0090): one piece of the public site, of a `kind`. */
export interface ContentItemsTable {
  tenant_id: string;
  id: Generated<string>;
  kind: string;
  slug: string;
  status: 'draft' | 'scheduled' | 'published';
  publish_at: Timestamp | null;
  title: Json<TenantNames>;
  summary: Json<TenantNames>;
  body: Json<TenantNames>;
  /** The kind's own fields, validated by its zod schema (api/src/content/content.kinds.ts). */
  fields: Json<Record<string, unknown>>;
  attachments: Json<ContentAttachment[]>;
  event_at: Timestamp | null;
  expires_at: Timestamp | null;
  shared_with_arrondissements: Generated<boolean>;
  revision: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** `content_revisions` (migration 2026_12_05_0090): every saved version of an item. */
export interface ContentRevisionsTable {
  tenant_id: string;
  item_id: string;
  revision: number;
  snapshot: Json<Record<string, unknown>>;
  created_at: Timestamp;
  created_by: string | null;
}

export interface DB {
  content_items: ContentItemsTable;
  content_revisions: ContentRevisionsTable;
  tenants: TenantsTable;
  tenant_domains: TenantDomainsTable;
  seed_runs: SeedRunsTable;
  site_texts: SiteTextsTable;
  tenant_files: TenantFilesTable;
  catalogue_versions: CatalogueVersionsTable;
  catalogue_categories: CatalogueCategoriesTable;
  catalogue_services: CatalogueServicesTable;
  offices: OfficesTable;
  contact_lines: ContactLinesTable;
  contact_operators: ContactOperatorsTable;
  service_offerings: ServiceOfferingsTable;
  catalogue_drafts: CatalogueDraftsTable;
  local_services: LocalServicesTable;
  staff_users: StaffUsersTable;
  staff_recovery_codes: StaffRecoveryCodesTable;
  platform_roles: PlatformRolesTable;
  login_throttle: LoginThrottleTable;
  trusted_devices: TrustedDevicesTable;
  password_resets: PasswordResetsTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  audit_log: AuditLogTable;
  mail_outbox: MailOutboxTable;
  counters: CountersTable;
  submission_throttle: SubmissionThrottleTable;
  idempotency_keys: IdempotencyKeysTable;
  complaint_categories: ComplaintCategoriesTable;
  complaint_settings: ComplaintSettingsTable;
  complaints: ComplaintsTable;
  complaint_events: ComplaintEventsTable;
  complaint_photos: ComplaintPhotosTable;
  complaint_supporters: ComplaintSupportersTable;
  complaint_reply_templates: ComplaintReplyTemplatesTable;
  open311_keys: Open311KeysTable;
  operator_access_grants: OperatorAccessGrantsTable;
}

export type TenantRow = Selectable<TenantsTable>;
export type NewTenantRow = Insertable<TenantsTable>;
export type TenantUpdate = Updateable<TenantsTable>;
