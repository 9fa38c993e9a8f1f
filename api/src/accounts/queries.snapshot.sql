-- findSessionWithAccess
select "s"."id", "s"."tenant_id", "s"."user_id", "s"."generation", "s"."two_factor_verified", "s"."expires_at", "s"."last_seen_at", "u"."email", "u"."display_name", "u"."session_generation" as "user_generation", "u"."disabled_at" as "account_disabled_at", "u"."totp_enabled_at", "u"."totp_enrolment_required_at", "m"."role", "m"."department", "m"."disabled_at" as "membership_disabled_at", exists (select "p"."role" from "platform_roles" as "p" where "p"."user_id" = "s"."user_id" and "p"."role" = $1) as "operator" from "sessions" as "s" inner join "staff_users" as "u" on "u"."id" = "s"."user_id" left join "memberships" as "m" on "m"."tenant_id" = "s"."tenant_id" and "m"."user_id" = "s"."user_id" where "s"."tenant_id" = $2 and "s"."id" = $3;

-- updateSessionActivity
update "sessions" set "expires_at" = $1, "last_seen_at" = $2 where "tenant_id" = $3 and "id" = $4;

-- lockThrottle
insert into "login_throttle" ("scope", "key", "failures", "window_started_at", "lockouts", "locked_until") values ($1, $2, $3, $4, $5, $6) on conflict ("scope", "key") do nothing;
select * from "login_throttle" where "scope" = $1 and "key" = $2 for update;

-- claimTotpStep
update "staff_users" set "totp_last_step" = $1 where "id" = $2 and ("totp_last_step" is null or "totp_last_step" < $3);

-- useRecoveryCode
update "staff_recovery_codes" set "used_at" = $1 where "user_id" = $2 and "code_hash" = $3 and "used_at" is null;

-- claimPasswordReset
update "password_resets" set "used_at" = $1 where "token_hash" = $2 and "used_at" is null and "expires_at" > $3 returning "user_id";

-- listMembers
select "m".*, "u"."email", "u"."display_name", "u"."disabled_at" as "account_disabled_at", "u"."totp_enabled_at" from "memberships" as "m" inner join "staff_users" as "u" on "u"."id" = "m"."user_id" where "m"."tenant_id" in ($1, $2) order by "u"."email";

-- countActiveAdministrators
select count(*) as "n" from "memberships" as "m" inner join "staff_users" as "u" on "u"."id" = "m"."user_id" where "m"."tenant_id" = $1 and "m"."role" = $2 and "m"."disabled_at" is null and "u"."disabled_at" is null;

-- listAuditEntries
select * from "audit_log" where "tenant_id" = $1 and "actor_email" like $2 and "action" like $3 and "at" >= $4 and "at" < $5 and "id" < (select "id" from "audit_log" where "tenant_id" = $6 and "public_id" = $7) and lower(concat_ws(' ', actor_email, action, target_type, target_id, target_label, before::text, after::text)) like $8 order by "id" desc limit $9;
