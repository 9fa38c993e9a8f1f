// The content form of the console: flat form fields (a text per language, the kind's own fields as
// typed inputs — see kind-form.ts —, dates as the commune's local time) to and from the API's item, so the page works as a plain
// POST without JavaScript.
// Types only from the API: this module also runs in the browser (the console hydrates).
import type { AdminItem, ContentInput } from '@jamaa/api/content/content.schemas.ts';
import { LOCALES, type Locale } from '@jamaa/tenants/locale.ts';
import { dateTimeFormat } from '#lib/i18n/format.ts';
import { casablancaOffset } from './audit.ts';
import { kindFieldName, kindFieldsFromForm, kindFieldValues, type KindInput } from './kind-form.ts';
import { translatable, translatableValues } from './text-fields.ts';

/** The kinds an editor may create, in the order of the public windows that show them. */
export const CONTENT_KIND_ORDER = [
  'news',
  'notice',
  'session',
  'council_member',
  'committee',
  'action_programme',
  'elected_official',
  'broadcast',
  'legal_text',
  'project',
  'document',
  'tender',
  'purchase_forecast',
  'job_competition',
  'participation_body',
  'grant_call',
  'petition',
  'city_page',
  'souk',
  'school_transport',
  'water_point',
] as const;
export type ContentKindName = (typeof CONTENT_KIND_ORDER)[number];

export function isContentKind(value: string | null | undefined): value is ContentKindName {
  return (CONTENT_KIND_ORDER as readonly string[]).includes(value ?? '');
}

const LOCAL_DATETIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

/**
 * A `datetime-local` value (the commune's time, Africa/Casablanca) as an instant with its offset; null
 * when empty, undefined when it is not a date.
 *
 * @example localToInstant('2026-02-02T10:00') // → '2026-02-02T10:00:00+01:00'
 */
export function localToInstant(value: string | undefined): string | null | undefined {
  const text = value?.trim() ?? '';
  if (text === '') return null;
  const match = LOCAL_DATETIME.exec(text);
  if (!match) return undefined;
  return `${match[1]}T${match[2]}:00${casablancaOffset(match[1]!)}`;
}

/**
 * An instant as a `datetime-local` value in the commune's time.
 *
 * @example instantToLocal('2026-02-02T09:00:00.000Z') // → '2026-02-02T10:00'
 */
export function instantToLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const parts = Object.fromEntries(
    dateTimeFormat('en-GB', { timeZone: 'Africa/Casablanca', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The form values of an item (its edit page), or of a new item of `kind`, with the kind's `inputs`. */
export function contentFormValues(item: AdminItem | null, inputs: readonly KindInput[], kind: ContentKindName = 'news'): Record<string, string> {
  const values: Record<string, string> = {
    kind: item?.kind ?? kind,
    slug: item?.slug ?? '',
    ...translatableValues(item?.title, 'title'),
    ...translatableValues(item?.summary, 'summary'),
    ...translatableValues(item?.body, 'body'),
    ...kindFieldValues(inputs, item ? item.fields : null),
    eventAt: instantToLocal(item?.eventAt),
    expiresAt: instantToLocal(item?.expiresAt),
  };
  if (item?.sharedWithArrondissements) values.shared = 'on';
  return values;
}

export interface ContentForm {
  input: ContentInput;
  /** Form field → validation code, found before asking the API. */
  fields: Record<string, string>;
}

/** API validation paths → form fields (`title` → the page's own language box is marked). */
export const CONTENT_FIELD_NAMES: Record<string, string> = {
  title: 'title_fr',
  'title.ar': 'title_ar',
  'title.fr': 'title_fr',
  'title.zgh': 'title_zgh',
  eventAt: 'eventAt',
  expiresAt: 'expiresAt',
  slug: 'slug',
  kind: 'kind',
};

/**
 * The form input that shows the API's refusal at `path`: a kind's field on its own input
 * (`fields.budgetMad` → `f_budgetMad`), the item's on theirs.
 */
export function contentFieldName(inputs: readonly KindInput[], path: string): string {
  return kindFieldName(inputs, path) ?? CONTENT_FIELD_NAMES[path] ?? path.split('.')[0] ?? '';
}

/** The API's input from the submitted form (the kind's `inputs` read its fields), and what is wrong before asking the API. */
export function contentFromForm(values: Record<string, string>, inputs: readonly KindInput[]): ContentForm {
  const kind = values.kind ?? '';
  const { fields: parsed, errors } = kindFieldsFromForm(inputs, values);
  const fields: Record<string, string> = { ...errors };
  if (!isContentKind(kind)) fields.kind = 'invalid_value';
  const eventAt = localToInstant(values.eventAt);
  if (eventAt === undefined) fields.eventAt = 'invalid_format';
  const expiresAt = localToInstant(values.expiresAt);
  if (expiresAt === undefined) fields.expiresAt = 'invalid_format';
  const title = translatable(values, 'title') ?? {};
  if (Object.keys(title).length === 0) fields.title_fr = 'required';
  const slug = values.slug?.trim() ?? '';
  const input: ContentInput = {
    kind,
    title,
    summary: translatable(values, 'summary') ?? {},
    body: markdownOf(values),
    fields: parsed,
    eventAt: eventAt ?? null,
    expiresAt: expiresAt ?? null,
    sharedWithArrondissements: values.shared === 'on',
  };
  if (slug !== '') input.slug = slug;
  return { input, fields };
}

/** The Markdown bodies, kept as typed (only blank ones dropped: leading spaces may matter). */
function markdownOf(values: Record<string, string>): Partial<Record<Locale, string>> {
  const out: Partial<Record<Locale, string>> = {};
  for (const locale of LOCALES) {
    const text = values[`body_${locale}`]?.replace(/\r\n/g, '\n');
    if (text && text.trim() !== '') out[locale] = text;
  }
  return out;
}

/** The state an editor reads in the list: scheduled items say when. */
export type ContentState = AdminItem['status'];
