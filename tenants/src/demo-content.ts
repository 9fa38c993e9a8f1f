/**
 * Demo content of the demo tenants' public sites (`tenants/demo/content/*.yaml`): council, sessions,
 * news, notices, projects, tenders, documents… in ar and fr with zgh titles, so a newcomer sees a living
 * site. Each file names its tenant by slug path (`[casablanca, anfa]`) and lists items in the API's
 * content input shape (api/src/content/content.schemas.ts), which the seed checks item by item.
 *
 * Dates that must stay current (a notice in force, a call for tenders still open) are written relative to
 * the day of seeding: `@+10d` is a day (`2026-12-15`), `@+10d 18:00` a time on that day in Moroccan time.
 *
 * `officeClosures` closes one of the tenant's offices (by key) for some days, so that the public office card
 * shows its closure banner; written relative to the seeding day too, the office API's closure shape.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { displayPath, readYaml, validate } from './data-file.ts';

export const DEMO_CONTENT_DIR = fileURLToPath(new URL('../demo/content/', import.meta.url));

const DemoContentFileSchema = z
  .object({
    tenant: z.array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)).min(1).max(2),
    items: z.array(z.looseObject({ kind: z.string(), publish: z.boolean().default(true) })).min(1),
    officeClosures: z
      .array(
        z.strictObject({
          office: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
          from: z.string(),
          to: z.string(),
          reason: z.strictObject({ ar: z.string().optional(), fr: z.string().optional(), zgh: z.string().optional() }),
        }),
      )
      .default([]),
  })
  .strict();

export interface DemoContentFile {
  file: string;
  /** Slug path below the platform: `['tetouan']`, `['casablanca', 'anfa']`. */
  tenant: string[];
  /** Content inputs (dates resolved), with `publish`: false leaves a draft. */
  items: ({ publish: boolean } & Record<string, unknown>)[];
  /** Closures of the tenant's offices (dates resolved): `office` is the office's key. */
  officeClosures?: { office: string; from: string; to: string; reason: { ar?: string; fr?: string; zgh?: string } }[];
}

const RELATIVE = /^@([+-]\d{1,4})d(?: (\d{2}:\d{2}))?$/;

/** The Moroccan calendar day `days` after `now`, as `YYYY-MM-DD`. */
function dayAfter(now: Date, days: number): string {
  // Morocco keeps UTC+1 outside Ramadan; a demo date one hour off at midnight does not matter.
  const local = new Date(now.getTime() + 60 * 60 * 1000 + days * 86_400_000);
  return local.toISOString().slice(0, 10);
}

/**
 * A value with every relative date resolved against `now`.
 *
 * @example resolveDates({ expiresAt: '@+3d 18:00' }, new Date('2026-12-05T10:00:00Z')) // → { expiresAt: '2026-12-08T18:00:00+01:00' }
 */
export function resolveDates(value: unknown, now: Date): unknown {
  if (typeof value === 'string') {
    const match = RELATIVE.exec(value);
    if (!match) return value;
    const day = dayAfter(now, Number(match[1]));
    return match[2] ? `${day}T${match[2]}:00+01:00` : day;
  }
  if (Array.isArray(value)) return value.map((v) => resolveDates(v, now));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDates(v, now)]));
  return value;
}

/** Every demo content file, in name order, its relative dates resolved against `now`. */
export function loadDemoContent(dir: string = DEMO_CONTENT_DIR, now: Date = new Date()): DemoContentFile[] {
  const root = path.resolve(dir);
  return readdirSync(root)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => {
      const file = path.join(root, name);
      const error = (field: string, reason: string) => new Error(`${displayPath(file)}: ${field}: ${reason}`);
      const parsed = validate(DemoContentFileSchema, readYaml(file, error), error, 'not a demo content file');
      return {
        file,
        tenant: parsed.tenant,
        items: parsed.items.map((item) => resolveDates(item, now) as DemoContentFile['items'][number]),
        officeClosures: resolveDates(parsed.officeClosures, now) as DemoContentFile['officeClosures'],
      };
    });
}
