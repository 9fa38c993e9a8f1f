import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, newTestDatabase, type TestDatabase } from '../testing/databases.ts';
import type { DB } from './schema.ts';

/**
 * Every table of `DB` (schema.ts) with every column it declares. The compiler holds this list to schema.ts:
 * a table or column not in `DB` does not type-check (`satisfies`), nor does one of `DB` left out
 * (`MISSING_FROM_LIST` below). The test then holds it to the migrated database, so schema.ts cannot drift
 * from the migrations: a migration that adds a column or table needs it in schema.ts, and the other way round.
 */
const COLUMNS = {
  tenants: ['id', 'parent_id', 'kind', 'code', 'slug', 'status', 'names', 'locales', 'default_locale', 'fallback_locales', 'branding', 'tariff', 'population', 'version', 'created_at', 'updated_at'],
  tenant_domains: ['domain', 'tenant_id', 'created_at', 'state', 'activated_at'],
  seed_runs: ['name', 'applied_at'],
  site_texts: ['tenant_id', 'key', 'value', 'updated_at'],
  tenant_files: ['tenant_id', 'id', 'purpose', 'content_type', 'size', 'sha256', 'storage_key', 'legacy_bytes', 'created_at'],
  catalogue_versions: ['id', 'content_hash', 'label', 'published_at', 'is_current'],
  catalogue_categories: ['version_id', 'code', 'names', 'icon', 'position'],
  catalogue_services: ['version_id', 'code', 'category', 'audiences', 'card', 'name_search', 'body_search'],
  offices: ['tenant_id', 'id', 'key', 'kind', 'names', 'address', 'latitude', 'longitude', 'hours', 'phone', 'email', 'position', 'updated_at', 'ramadan_hours', 'closures'],
  contact_lines: ['tenant_id', 'id', 'topic', 'kind', 'number', 'free', 'main', 'labels', 'hours', 'notes', 'position', 'updated_at'],
  contact_operators: ['tenant_id', 'id', 'service', 'names', 'phone', 'website', 'app', 'agency', 'verified', 'position', 'updated_at'],
  service_offerings: ['tenant_id', 'service_code', 'enabled', 'overrides', 'base_version_id', 'review_fields', 'updated_at'],
  local_services: ['tenant_id', 'code', 'category', 'audiences', 'card', 'enabled', 'name_search', 'body_search', 'updated_at'],
  staff_users: ['id', 'email', 'display_name', 'password_hash', 'password_changed_at', 'totp_secret', 'totp_enabled_at', 'totp_last_step', 'session_generation', 'disabled_at', 'created_at', 'totp_enrolment_required_at'],
  staff_recovery_codes: ['user_id', 'code_hash', 'used_at'],
  platform_roles: ['user_id', 'role', 'granted_at'],
  login_throttle: ['scope', 'key', 'failures', 'window_started_at', 'lockouts', 'locked_until'],
  trusted_devices: ['tenant_id', 'token_hash', 'user_id', 'created_at', 'last_used_at', 'expires_at'],
  password_resets: ['token_hash', 'user_id', 'expires_at', 'used_at', 'created_at'],
  memberships: ['tenant_id', 'user_id', 'role', 'department', 'disabled_at', 'created_at', 'updated_at'],
  sessions: ['tenant_id', 'id', 'user_id', 'generation', 'two_factor_verified', 'expires_at', 'created_at', 'last_seen_at', 'ip', 'user_agent'],
  invitations: ['tenant_id', 'id', 'token_hash', 'email', 'role', 'department', 'invited_by', 'expires_at', 'accepted_at', 'accepted_by', 'revoked_at', 'created_at'],
  audit_log: ['tenant_id', 'id', 'public_id', 'at', 'actor_id', 'actor_email', 'action', 'target_type', 'target_id', 'target_label', 'before', 'after', 'ip', 'request_id'],
  mail_outbox: ['tenant_id', 'id', 'to_address', 'subject', 'body_text', 'created_at', 'sent_at', 'last_error', 'kind', 'locale', 'secret', 'status', 'attempts', 'next_attempt_at', 'claimed_until', 'channel'],
  counters: ['tenant_id', 'series', 'year', 'last'],
  submission_throttle: ['tenant_id', 'bucket', 'tokens', 'updated_at'],
  idempotency_keys: ['tenant_id', 'scope', 'key_hash', 'request_hash', 'state', 'locked_until', 'response_status', 'response_content_type', 'response_body', 'created_at', 'expires_at'],
  complaint_categories: ['tenant_id', 'code', 'names', 'deadline_days', 'department', 'position', 'active'],
  complaint_settings: ['tenant_id', 'prefix', 'area_south', 'area_west', 'area_north', 'area_east', 'updated_at'],
  complaints: ['tenant_id', 'id', 'tracking', 'year', 'number', 'access_token_hash', 'category', 'description', 'text_reviewed_at', 'latitude', 'longitude', 'address', 'landmark', 'anonymous', 'contact_name', 'contact_email', 'contact_phone', 'locale', 'channel', 'state', 'department', 'assignee_id', 'deadline_days', 'due_at', 'due_date', 'escalated_at', 'merged_into', 'forwarded_to', 'forward_reference', 'open311_client', 'attributes', 'supporters', 'created_at', 'updated_at', 'closed_at'],
  complaint_events: ['tenant_id', 'id', 'seq', 'complaint_id', 'at', 'kind', 'from_state', 'to_state', 'public', 'body', 'locale', 'author_id', 'author_name', 'details'],
  complaint_photos: ['tenant_id', 'file_id', 'complaint_id', 'status', 'created_at', 'reviewed_at'],
  complaint_supporters: ['tenant_id', 'complaint_id', 'supporter_hash', 'at'],
  complaint_reply_templates: ['tenant_id', 'id', 'state', 'title', 'body', 'position', 'updated_at'],
  open311_keys: ['tenant_id', 'id', 'name', 'key_hash', 'created_at', 'created_by', 'revoked_at', 'last_used_at'],
  operator_access_grants: ['tenant_id', 'id', 'granted_by', 'reason', 'starts_at', 'ends_at', 'revoked_at', 'revoked_by'],
  content_items: ['tenant_id', 'id', 'kind', 'slug', 'status', 'publish_at', 'title', 'summary', 'body', 'fields', 'attachments', 'event_at', 'expires_at', 'shared_with_arrondissements', 'revision', 'created_at', 'updated_at', 'updated_by'],
  content_revisions: ['tenant_id', 'item_id', 'revision', 'snapshot', 'created_at', 'created_by'],
  catalogue_drafts: ['tenant_id', 'id', 'label', 'changes', 'created_at', 'updated_at'],
} as const satisfies { [T in keyof DB]: readonly (keyof DB[T] & string)[] };

/** The tables and columns of `DB` missing from `COLUMNS` (none, or this does not compile). */
type MissingFromList = { [T in keyof DB]: Exclude<keyof DB[T], (typeof COLUMNS)[T][number]> }[keyof DB];
const MISSING_FROM_LIST: [MissingFromList] extends [never] ? 'none' : MissingFromList = 'none';

const sorted = (o: Record<string, readonly string[]>) =>
  Object.fromEntries(
    Object.entries(o)
      .map(([t, cs]) => [t, [...cs].sort()] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );

describe.each(DATABASE_KINDS)('schema.ts matches the migrated database (%s)', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await newTestDatabase(kind);
  });
  afterAll(() => db.dispose());

  it('declares every table of schema public with exactly its columns', async () => {
    expect(MISSING_FROM_LIST).toBe('none');
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.table_name not like 'kysely\\_%'`.execute(db.kysely);
    const migrated: Record<string, string[]> = {};
    for (const r of rows) (migrated[r.table_name] ??= []).push(r.column_name);
    expect(sorted(migrated)).toEqual(sorted(COLUMNS));
  });
});
