import path from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** A real PostgreSQL. Unset: the embedded PGlite in JAMAA_DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /**
   * When DATABASE_URL is the owner's: the password of the login `jamaa_server` the server serves with
   * (same server and database). Unset: none (trust or certificate authentication).
   */
  DATABASE_SERVER_PASSWORD: z.string().min(1).optional(),
  /** The owner's URL for `npm run migrate` when DATABASE_URL is the serving login's. Unused by the server. */
  MIGRATION_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  JAMAA_DATA_DIR: z.string().min(1).default('./data'),
  /** Host of the platform's own site; communes are `<slug>.<PLATFORM_DOMAIN>`. */
  PLATFORM_DOMAIN: z
    .string()
    .toLowerCase()
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, 'a host name such as jamaa.ma')
    // Hosts that are IP addresses are refused (400 BAD_HOST): the platform is reached by its name.
    .refine((v) => !/(^|\.)(\d+|0x[0-9a-f]*)$/.test(v), 'a host name such as jamaa.ma, not an IP address')
    .default('localhost'),
  /** Seed the demo tenants on first start. */
  JAMAA_DEMO: booleanFlag.default(true),
  /**
   * The platform's public origin (`https://jamaa.ma`, `https://jamaa.ma:8443`): the scheme and port of every
   * link in mail. Its host must be PLATFORM_DOMAIN. Unset: `http://<PLATFORM_DOMAIN>:<PORT>`.
   */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Behind a reverse proxy (Caddy, an ingress): believe its X-Forwarded-Proto. */
  TRUST_PROXY: booleanFlag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where mail goes (`smtp://user:pass@host:587`, `smtps://…`). Unset: written to the outbox the console shows. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** The From of every message. Unset: `Jamaa <no-reply@PLATFORM_DOMAIN>`. */
  MAIL_FROM: z.string().min(3).max(200).optional(),
  /**
   * An HTTP SMS gateway (`https://sms.example.ma/send`): each SMS is POSTed there as JSON `{ to, from, text }`
   * (`to` in E.164, `+2126…`), with `Authorization: Bearer SMS_GATEWAY_TOKEN` when set; a 2xx answer means
   * accepted. Unset: SMS stay held in the outbox, never sent.
   */
  SMS_GATEWAY_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMS_GATEWAY_TOKEN: z.string().min(1).max(500).optional(),
  /** The sender name or number the gateway shows (its own rules: 11 letters or digits at most for a name). */
  SMS_SENDER: z.string().trim().min(1).max(20).optional(),
  /** A staff session lasts this long, renewed while in use. */
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Files go to this S3-compatible bucket when set; unset: to JAMAA_DATA_DIR/files on local disk. */
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name').optional(),
  /** The S3-compatible endpoint (MinIO, Garage, a provider's); unset: AWS's endpoint for S3_REGION. */
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_REGION: z.string().min(1).max(64).default('us-east-1'),
  /** Both or neither; unset: the SDK's default credentials (environment, instance role…). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** `bucket` in the path instead of the host name: most self-hosted S3-compatible servers need it. */
  S3_FORCE_PATH_STYLE: booleanFlag.default(false),
  /**
   * Signs the private links of complaints (a link's token is an HMAC of the complaint, so later mail can
   * carry it while the database keeps only its hash). Set it in production (32+ characters) and keep it:
   * changing it voids every link given before. Unset: a fixed development value.
   */
  COMPLAINT_LINK_SECRET: z.string().min(32).optional(),
  /** How often overdue complaints are escalated to supervisors (minutes; each complaint once). */
  COMPLAINT_ESCALATION_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  /**
   * A read replica of DATABASE_URL's database (same roles; `jamaa_server`'s URL or the owner's, whose user is
   * replaced by `jamaa_server` as for DATABASE_URL). Anonymous public reads go there, falling back to the
   * primary while it fails. Unset: everything on the primary.
   */
  DATABASE_READ_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /**
   * PostgreSQL: a complaint submission's claim and complaint run as named (prepared) statements, parsed once per
   * connection (api/src/db/prepared.ts). `false` behind a pooler in transaction mode that does not keep them
   * (PgBouncer before 1.21, or without `max_prepared_statements`).
   */
  DATABASE_PREPARED_STATEMENTS: booleanFlag.default(true),
  /** On SIGTERM: stop accepting, let requests in flight finish for at most this long, then close. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(20),
  PAGE_CACHE_MB: z.coerce.number().int().min(0).max(65_536).default(32),
  /** Embedded database (no DATABASE_URL): log units of work holding its one connection this long (ms); 0: never. */
  PGLITE_SLOW_UNIT_MS: z.coerce.number().int().min(0).max(3_600_000).default(0),
  /** Addresses or CIDR ranges that may read /metrics without the token (comma-separated). */
  METRICS_ALLOW: z.string().default('127.0.0.1/8,::1'),
  /** `Authorization: Bearer <token>` opens /metrics from any address. Unset: addresses only. */
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
});

/** Where uploaded files are kept (see api/src/files/). */
export type StorageConfig =
  | Readonly<{ kind: 'disk'; dir: string }>
  | Readonly<{
      kind: 's3';
      bucket: string;
      region: string;
      endpoint: string | null;
      credentials: Readonly<{ accessKeyId: string; secretAccessKey: string }> | null;
      forcePathStyle: boolean;
    }>;

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | null;
  databaseServerPassword: string | null;
  migrationDatabaseUrl: string | null;
  dataDir: string;
  platformDomain: string;
  /** `http(s)://<PLATFORM_DOMAIN>[:port]`, no trailing slash: links in mail are built from it, never from a request. */
  publicUrl: string;
  demo: boolean;
  trustProxy: boolean;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  smtpUrl: string | null;
  mailFrom: string;
  /** Null: no gateway, SMS are held in the outbox. */
  sms: Readonly<{ gatewayUrl: string; token: string | null; sender: string }> | null;
  sessionDays: number;
  storage: StorageConfig;
  complaintLinkSecret: string;
  complaintEscalationMinutes: number;
  /** See DATABASE_READ_URL; null: reads on the primary. */
  databaseReadUrl: string | null;
  /** See DATABASE_PREPARED_STATEMENTS. */
  databasePreparedStatements: boolean;
  shutdownGraceMs: number;
  /** Memory for the cache of anonymous pages (http/page-cache.ts); 0 turns it off. */
  pageCacheMb: number;
  /** See PGLITE_SLOW_UNIT_MS; 0: off. */
  pgliteSlowUnitMs: number;
  metrics: Readonly<{ allow: readonly string[]; token: string | null }>;
}>;

export class ConfigError extends Error {}

/**
 * Parses the environment once. A bad value fails at start-up naming the variable.
 *
 * @example loadConfig({ PORT: '3100' }).port // → 3100
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable (`DATABASE_URL=`) means unset, as shells and compose files use it.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const publicUrl = publicOrigin(e.PUBLIC_URL, e.PLATFORM_DOMAIN, e.PORT);
  const dataDir = path.resolve(e.JAMAA_DATA_DIR);
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    databaseServerPassword: e.DATABASE_SERVER_PASSWORD ?? null,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL ?? null,
    dataDir,
    platformDomain: e.PLATFORM_DOMAIN,
    publicUrl,
    demo: e.JAMAA_DEMO,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM ?? `Jamaa <no-reply@${e.PLATFORM_DOMAIN}>`,
    sms: smsOf(e),
    sessionDays: e.SESSION_DAYS,
    storage: storageOf(e, dataDir),
    complaintLinkSecret: e.COMPLAINT_LINK_SECRET ?? 'jamaa-development-complaint-link-secret',
    complaintEscalationMinutes: e.COMPLAINT_ESCALATION_MINUTES,
    databaseReadUrl: e.DATABASE_READ_URL ?? null,
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS,
    shutdownGraceMs: Math.round(e.SHUTDOWN_GRACE_SECONDS * 1000),
    pageCacheMb: e.PAGE_CACHE_MB,
    pgliteSlowUnitMs: e.PGLITE_SLOW_UNIT_MS,
    metrics: Object.freeze({ allow: Object.freeze(e.METRICS_ALLOW.split(',').map((a) => a.trim()).filter(Boolean)), token: e.METRICS_TOKEN ?? null }),
  });
}

function smsOf(e: z.infer<typeof EnvSchema>): Config['sms'] {
  if (!e.SMS_GATEWAY_URL) {
    const stray = (['SMS_GATEWAY_TOKEN', 'SMS_SENDER'] as const).filter((name) => e[name]);
    if (stray.length) throw new ConfigError(`Invalid environment:\n${stray.map((name) => `  ${name}: needs SMS_GATEWAY_URL (SMS stay in the outbox without it)`).join('\n')}`);
    return null;
  }
  return Object.freeze({ gatewayUrl: e.SMS_GATEWAY_URL, token: e.SMS_GATEWAY_TOKEN ?? null, sender: e.SMS_SENDER ?? 'Jamaa' });
}

function storageOf(e: z.infer<typeof EnvSchema>, dataDir: string): StorageConfig {
  const problems: string[] = [];
  if (!e.S3_BUCKET) {
    for (const name of ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (e[name]) problems.push(`  ${name}: needs S3_BUCKET (files are on local disk without it)`);
    }
  }
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY)) {
    problems.push(`  ${e.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'}: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together`);
  }
  if (problems.length) throw new ConfigError(`Invalid environment:\n${problems.join('\n')}`);
  if (!e.S3_BUCKET) return Object.freeze({ kind: 'disk', dir: path.join(dataDir, 'files') });
  return Object.freeze({
    kind: 's3',
    bucket: e.S3_BUCKET,
    region: e.S3_REGION,
    endpoint: e.S3_ENDPOINT ?? null,
    credentials:
      e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
        ? Object.freeze({ accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY })
        : null,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
  });
}

/**
 * The origin links in mail are built from: PUBLIC_URL's scheme and port on the platform domain, or
 * `http://<domain>:<port>` by default. PUBLIC_URL naming another host, or carrying a path, a query or
 * credentials, fails start-up.
 */
function publicOrigin(given: string | undefined, domain: string, port: number): string {
  if (!given) return `http://${domain}${port === 80 ? '' : `:${port}`}`;
  const url = new URL(given);
  const problem =
    url.hostname !== domain
      ? `its host must be PLATFORM_DOMAIN (${domain})`
      : url.pathname !== '/' || url.search || url.hash || url.username || url.password
        ? 'an origin only (scheme, host and port), such as https://jamaa.ma'
        : null;
  if (problem) throw new ConfigError(`Invalid environment:\n  PUBLIC_URL: ${problem}`);
  return url.origin;
}
