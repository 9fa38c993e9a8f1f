/**
 * Whom a resident calls: hotlines by topic (short numbers such as 15 or 19, free 080x numbers, the commune's
 * own lines) and the operators of delegated public services (water, electricity, sanitation, transport,
 * waste). National defaults live in `tenants/contact/directory.yaml`; each commune gets a copy when it is
 * provisioned and edits it in the console.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { Text, ZghText } from './text-schemas.ts';

export const CONTACT_DIRECTORY_FILE = fileURLToPath(new URL('../contact/directory.yaml', import.meta.url));

/** What a line is for; the UI names each topic (`contact:topic.<topic>`). */
export const CONTACT_TOPICS = [
  'commune_switchboard',
  'elected_officials',
  'civil_status',
  'lighting',
  'roads',
  'cleanliness',
  'water_sanitation',
  'hearse',
  'ambulance',
  'civil_protection',
  'police',
  'gendarmerie',
  'other',
] as const;
export type ContactTopic = (typeof CONTACT_TOPICS)[number];

/** `short`: 2–4 digits (15, 19, 141, 177, 3737); `free`: a 080x number; `line`: an ordinary 10-digit number. */
export const LINE_KINDS = ['short', 'free', 'line'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

export const OPERATOR_SERVICES = ['water_electricity_sanitation', 'water', 'electricity', 'sanitation', 'public_transport', 'waste', 'other'] as const;
export type OperatorService = (typeof OPERATOR_SERVICES)[number];

export interface ContactNumber {
  kind: LineKind;
  /** Short numbers as dialled (`15`); others as `+212XXXXXXXXX`. */
  normalised: string;
}

/**
 * Reads a number as a resident would dial it in Morocco: a short number (2–4 digits), a free 080x number, or
 * a 10-digit number starting 05–08 (optionally written +212 / 00212, with spaces, dots, dashes). Anything
 * else (a single digit, five digits, letters, a foreign number) is null.
 *
 * @example parseContactNumber('0800 00 47 47') // → { kind: 'free', normalised: '+212800004747' }
 */
export function parseContactNumber(raw: string): ContactNumber | null {
  const text = raw.trim();
  if (!/^[+\d][\d\s.()-]*$/.test(text)) return null;
  const digits = text.replace(/[\s.()-]/g, '');
  if (/^\d{2,4}$/.test(digits)) return { kind: 'short', normalised: digits };
  const national = /^(?:\+212|00212)0?(\d{9})$/.exec(digits)?.[1] ?? /^0(\d{9})$/.exec(digits)?.[1];
  if (!national || !/^[5-8]/.test(national)) return null;
  return { kind: national.startsWith('80') ? 'free' : 'line', normalised: `+212${national}` };
}

/** How a number is shown: short as is, others in the national form grouped by two (`05 22 00 00 00`). */
export function displayContactNumber(normalised: string): string {
  if (!normalised.startsWith('+212')) return normalised;
  const national = `0${normalised.slice(4)}`;
  return national.startsWith('080') ? `${national.slice(0, 4)} ${national.slice(4, 6)} ${national.slice(6, 8)} ${national.slice(8)}` : national.replace(/(\d{2})(?=\d)/g, '$1 ');
}

/** The `tel:` URI of a number. */
export function telUri(normalised: string): string {
  return `tel:${normalised}`;
}

const Texts = z.strictObject({ ar: Text.optional(), fr: Text.optional(), zgh: ZghText.optional() });
const Named = Texts.refine((t) => Boolean(t.ar || t.fr), { message: 'needs an Arabic or a French text' });

export const ContactLineSpecSchema = z
  .strictObject({
    topic: z.enum(CONTACT_TOPICS),
    kind: z.enum(LINE_KINDS),
    number: z.string(),
    free: z.boolean().default(false),
    /** Shown in the footer and on the home page (2–3 per commune). */
    main: z.boolean().default(false),
    hours: Texts.default({}),
    labels: Named,
    notes: Texts.default({}),
  })
  .superRefine((line, ctx) => {
    const parsed = parseContactNumber(line.number);
    if (!parsed) ctx.addIssue({ code: 'custom', path: ['number'], message: 'must be a short number (2–4 digits) or a Moroccan number like 0522000000 or 0800000000' });
    else if (parsed.kind !== line.kind) ctx.addIssue({ code: 'custom', path: ['kind'], message: `the number is a ${parsed.kind} number` });
  });
export type ContactLineSpec = z.output<typeof ContactLineSpecSchema>;

const HttpsUrl = z.url({ protocol: /^https$/ });

export const OperatorSpecSchema = z
  .strictObject({
    service: z.enum(OPERATOR_SERVICES),
    name: Named,
    phone: z.string().optional(),
    website: HttpsUrl.optional(),
    app: HttpsUrl.optional(),
    agency: Texts.default({}),
    /** false: typical, to be confirmed by the commune (shown as such). */
    verified: z.boolean().default(false),
  })
  .superRefine((op, ctx) => {
    if (op.phone !== undefined && !parseContactNumber(op.phone)) ctx.addIssue({ code: 'custom', path: ['phone'], message: 'must be a short or Moroccan number' });
  });
export type OperatorSpec = z.output<typeof OperatorSpecSchema>;

export const ContactDirectorySchema = z.strictObject({
  lines: z.array(ContactLineSpecSchema).default([]),
  communes: z
    .record(
      z.string().regex(/^\d{2}\.\d{3}\.\d{2}\.\d{1,2}$/, 'must be a registry code'),
      z.strictObject({ lines: z.array(ContactLineSpecSchema).default([]), operators: z.array(OperatorSpecSchema).default([]) }),
    )
    .default({}),
});
export type ContactDirectory = z.output<typeof ContactDirectorySchema>;

export class ContactDirectoryError extends Error {}

/** The directory file, validated; the message names the first bad field. */
export function loadContactDirectory(file: string = CONTACT_DIRECTORY_FILE): ContactDirectory {
  const result = ContactDirectorySchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ContactDirectoryError(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/** What a new tenant gets: the national lines and its own additions (a commune), nothing for an arrondissement (it shows its commune's). */
export function contactDefaultsFor(directory: ContactDirectory, tenant: { code: string; kind: string }): { lines: ContactLineSpec[]; operators: OperatorSpec[] } {
  if (tenant.kind !== 'commune') return { lines: [], operators: [] };
  const own = directory.communes[tenant.code];
  return { lines: [...directory.lines, ...(own?.lines ?? [])], operators: own?.operators ?? [] };
}
