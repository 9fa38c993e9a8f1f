import { type Kysely, sql } from 'kysely';

/**
 * Support of staff accounts (api/src/accounts/support.*):
 *
 * - `staff_users.totp_enrolment_required_at`: set when the operator resets a second factor (the person
 *   lost both phone and recovery codes). Until the person enrols a new one, every console call is refused
 *   (`TWO_FACTOR_ENROLMENT_REQUIRED`) and the console sends them to enrol; enrolling clears it. The
 *   request role may write it (the reset and the enrolment run as `jamaa_app`).
 * - `sessions.user_agent`: the browser a session was opened from, so that staff can tell their sessions
 *   apart ("Firefox on Android, last seen …") and end one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table staff_users add column totp_enrolment_required_at timestamptz`.execute(db);
  await sql`grant update (totp_enrolment_required_at) on staff_users to jamaa_app`.execute(db);
  await sql`alter table sessions add column user_agent text check (length(user_agent) <= 300)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table sessions drop column user_agent`.execute(db);
  await sql`revoke update (totp_enrolment_required_at) on staff_users from jamaa_app`.execute(db);
  await sql`alter table staff_users drop column totp_enrolment_required_at`.execute(db);
}
