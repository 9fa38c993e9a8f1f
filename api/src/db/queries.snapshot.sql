-- listOffices
select * from "offices" where "tenant_id" in ($1, $2) order by "position", "key";

-- findOffice
select * from "offices" where "tenant_id" = $1 and "id" = $2;

-- listOfficeKeys
select "key" from "offices" where "tenant_id" = $1 and ("key" = $2 or "key" like $3);

-- nextOfficePosition
select max("position") as "last" from "offices" where "tenant_id" = $1;

-- insertOffice
insert into "offices" ("key", "kind", "names", "address", "latitude", "longitude", "hours", "phone", "email", "position") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning "id";

-- updateOffice
update "offices" set "key" = $1, "kind" = $2, "names" = $3, "address" = $4, "latitude" = $5, "longitude" = $6, "hours" = $7, "phone" = $8, "email" = $9, "position" = $10, "updated_at" = $11 where "tenant_id" = $12 and "id" = $13 returning *;

-- deleteOffice
delete from "offices" where "tenant_id" = $1 and "id" = $2;

-- listOfferingsUsingOffice
select "tenant_id", "service_code" from "service_offerings" where "tenant_id" in ($1, $2) and overrides->>'officeId' = $3 order by "service_code";

-- countOpenInvitations
select count(*) filter (where expires_at > $1) as "pending", count(*) filter (where expires_at <= $2) as "expired" from "invitations" where "tenant_id" = $3 and "accepted_at" is null and "revoked_at" is null;

-- listOfferingsToReview
select "o"."service_code" as "code", "o"."review_fields" as "fields", s.card -> 'names' as "names" from "service_offerings" as "o" left join "catalogue_versions" as "v" on "v"."is_current" = $1 left join "catalogue_services" as "s" on "s"."version_id" = "v"."id" and "s"."code" = "o"."service_code" where "o"."tenant_id" = $2 and cardinality(o.review_fields) > $3 order by "o"."service_code";

-- countUndeliveredMail
select count(*) as "n" from "mail_outbox" where "tenant_id" = $1 and "sent_at" is null;

-- lockProvisioning
select pg_advisory_xact_lock(hashtext('jamaa:provisioning'));

-- findTenantsByCodes
select * from "tenants" where "code" in ($1, $2);

-- findClaimedDomains
select "domain" from "tenant_domains" where "domain" in ($1);

-- findHostTenant (platform)
with target as ((select * from "tenants" where "kind" = $1 limit $2)) select t.*, 0 as depth, array(select d.domain from tenant_domains d where d.tenant_id = t.id and d.state = 'active') as active_domains from target t union all select p.*, 1, null from target t join tenants p on p.id = t.parent_id union all select g.*, 2, null from target t join tenants p on p.id = t.parent_id join tenants g on g.id = p.parent_id order by depth;

-- findHostTenant (commune)
with target as ((select * from "tenants" where "slug" = $1 and "parent_id" = (select "p"."id" from "tenants" as "p" where "p"."kind" = $2) limit $3)) select t.*, 0 as depth, array(select d.domain from tenant_domains d where d.tenant_id = t.id and d.state = 'active') as active_domains from target t union all select p.*, 1, null from target t join tenants p on p.id = t.parent_id union all select g.*, 2, null from target t join tenants p on p.id = t.parent_id join tenants g on g.id = p.parent_id order by depth;

-- findHostTenant (arrondissement)
with target as ((select * from "tenants" where "slug" = $1 and "parent_id" = (select "id" from "tenants" where "slug" = $2 and "parent_id" = (select "p"."id" from "tenants" as "p" where "p"."kind" = $3)) limit $4)) select t.*, 0 as depth, array(select d.domain from tenant_domains d where d.tenant_id = t.id and d.state = 'active') as active_domains from target t union all select p.*, 1, null from target t join tenants p on p.id = t.parent_id union all select g.*, 2, null from target t join tenants p on p.id = t.parent_id join tenants g on g.id = p.parent_id order by depth;

-- findHostTenant (custom domain)
with target as ((select * from "tenants" where "id" = (select "tenant_id" from "tenant_domains" where "domain" = $1) union all select * from "tenants" where "slug" = $2 and "parent_id" = (select "c"."id" from "tenants" as "c" where "c"."kind" = $3 and "c"."id" = (select "tenant_id" from "tenant_domains" where "domain" = $4)) and not exists (select "tenant_id" from "tenant_domains" where "domain" = $5) limit $6)) select t.*, 0 as depth, array(select d.domain from tenant_domains d where d.tenant_id = t.id and d.state = 'active') as active_domains from target t union all select p.*, 1, null from target t join tenants p on p.id = t.parent_id union all select g.*, 2, null from target t join tenants p on p.id = t.parent_id join tenants g on g.id = p.parent_id order by depth;

-- setProvisionedBranding
update "tenants" set "branding" = $1 where "id" = $2;
