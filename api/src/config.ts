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
  /** Behind a reverse proxy (Caddy, an ingress): believe its X-Forwarded-Proto. */
  TRUST_PROXY: booleanFlag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where mail goes (`smtp://user:pass@host:587`, `smtps://…`). Unset: written to the outbox the console shows. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** The From of every message. Unset: `Jamaa <no-reply@PLATFORM_DOMAIN>`. */
  MAIL_FROM: z.string().min(3).max(200).optional(),
  /** A staff session lasts this long, renewed while in use. */
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
});

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | null;
  databaseServerPassword: string | null;
  migrationDatabaseUrl: string | null;
  dataDir: string;
  platformDomain: string;
  demo: boolean;
  trustProxy: boolean;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  smtpUrl: string | null;
  mailFrom: string;
  sessionDays: number;
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
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    databaseServerPassword: e.DATABASE_SERVER_PASSWORD ?? null,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL ?? null,
    dataDir: path.resolve(e.JAMAA_DATA_DIR),
    platformDomain: e.PLATFORM_DOMAIN,
    demo: e.JAMAA_DEMO,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM ?? `Jamaa <no-reply@${e.PLATFORM_DOMAIN}>`,
    sessionDays: e.SESSION_DAYS,
  });
}
