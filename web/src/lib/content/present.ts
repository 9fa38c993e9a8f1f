import { resolveText, type Locale } from '@jamaa/tenants/locale.ts';
import type { PublicItem } from '@jamaa/api/content/content.schemas.ts';
import { formatCalendarDate, formatDate, formatMoney, formatNumber, weekdayName } from '#lib/i18n/format.ts';
import type { Weekday } from '@jamaa/tenants/weekdays.ts';

/** One line of an item's facts: a label, its value, and a link when the value is one. */
export interface Fact {
  label: string;
  value: string;
  href?: string;
}

type T = (key: string, options?: Record<string, unknown>) => string;
type Text = { ar?: string; fr?: string; zgh?: string };

function text(value: unknown, lang: Locale): string | null {
  if (!value || typeof value !== 'object') return null;
  return resolveText(value as Text, lang, ['ar', 'fr'])?.text ?? null;
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown) => (typeof v === 'number' ? v : null);

/** The facts of an item's own fields, in the page's language (dates and amounts the Moroccan way). */
export function factsOf(item: PublicItem, lang: Locale, t: T): Fact[] {
  const f = item.fields;
  const facts: Fact[] = [];
  const add = (label: string, value: string | null, href?: string) => {
    if (value) facts.push({ label: t(`content:field.${label}`), value, ...(href ? { href } : {}) });
  };
  const value = (v: unknown) => (str(v) ? t(`content:value.${v as string}`) : null);
  const day = (v: unknown) => (str(v) ? formatCalendarDate(v as string, lang) : null);
  const money = (v: unknown) => (num(v) !== null ? formatMoney(v as number, lang) : null);
  if (item.kind === 'session') add('type', value(f.type));
  if (item.eventAt && ['session', 'news'].includes(item.kind)) add('dates', formatDate(new Date(item.eventAt), lang, { dateStyle: 'full', timeStyle: 'short' }));
  add('place', text(f.place, lang));
  add('status', value(f.status));
  if (['legal_text', 'document', 'participation_body'].includes(item.kind)) add('type', value(f.type));
  if (item.kind === 'council_member') add('role', value(f.role));
  if (item.kind === 'elected_official') add('role', text(f.role, lang));
  add('reference', str(f.reference));
  add('signed_on', day(f.signedOn));
  add('budget', money(f.budgetMad));
  if (item.kind === 'project') add('progress', t('content:progress_value', { value: formatNumber(num(f.progress) ?? 0, lang) }));
  if (str(f.startOn) || str(f.endOn)) add('dates', [day(f.startOn), day(f.endOn)].filter(Boolean).join(' – '));
  add('district', text(f.district, lang));
  add('reception_hours', text(f.receptionHours, lang));
  add('deadline', item.kind === 'tender' && str(f.deadline) ? formatDate(new Date(f.deadline as string), lang, { dateStyle: 'long', timeStyle: 'short' }) : day(f.deadline));
  add('estimate', money(f.estimateMad));
  add('result', text(f.result, lang));
  add('awardee', str(f.awardee));
  add('amount', money(f.amountMad));
  add('posts', num(f.posts) !== null ? formatNumber(f.posts as number, lang) : null);
  add('exam_on', day(f.examOn));
  add('year', num(f.year) !== null ? String(f.year) : null);
  add('signatures', num(f.signatures) !== null ? formatNumber(f.signatures as number, lang) : null);
  if (item.kind === 'souk') add('weekday', str(f.weekday) ? weekdayName(f.weekday as Weekday, lang) : null);
  if (str(f.portalUrl)) add('portal', 'marchespublics.gov.ma', f.portalUrl as string);
  if (str(f.bulletinUrl)) add('bulletin', str(f.bulletinIssue) ?? t('content:download'), f.bulletinUrl as string);
  const loc = f.location as { lat?: number; lng?: number } | undefined;
  if (loc && typeof loc.lat === 'number' && typeof loc.lng === 'number') {
    add('map', `${loc.lat.toFixed(4)}, ${loc.lng.toFixed(4)}`, `https://www.openstreetmap.org/?mlat=${loc.lat}&mlon=${loc.lng}#map=16/${loc.lat}/${loc.lng}`);
  }
  if (str(f.broadcastUrl) || str(f.liveUrl)) add('live', t('content:field.live'), (f.broadcastUrl ?? f.liveUrl) as string);
  if (str(f.recordingUrl)) add('recording', t('content:field.recording'), f.recordingUrl as string);
  return facts;
}

/** A session's agenda points and decisions with their votes, in the page's language. */
export function sessionParts(item: PublicItem, lang: Locale) {
  const agenda = Array.isArray(item.fields.agenda) ? (item.fields.agenda as unknown[]).map((a) => text(a, lang)).filter((a): a is string => a !== null) : [];
  const decisions = Array.isArray(item.fields.decisions)
    ? (item.fields.decisions as Record<string, unknown>[]).map((d) => ({
        title: text(d.title, lang) ?? '',
        adopted: d.adopted === true,
        votes: { for: num(d.votesFor), against: num(d.votesAgainst), abstentions: num(d.abstentions) },
      }))
    : [];
  return { agenda, decisions };
}

/** Where an item of a window lives: `/fr/news/slug`, `/fr/council/sessions/slug`. */
export function itemHref(lang: Locale, window: string, slug: string): string {
  return `/${lang}/${window === 'sessions' ? 'council/sessions' : window}/${slug}`;
}

export function windowHref(lang: Locale, window: string): string {
  return `/${lang}/${window === 'sessions' ? 'council/sessions' : window}`;
}

/** Feeds linked from a window's page. */
export function feedsOf(window: string, lang: Locale): { key: string; href: string; type: string }[] {
  if (window === 'news')
    return [
      { key: 'feed_atom', href: `/api/v1/feeds/news.atom?locale=${lang}`, type: 'application/atom+xml' },
      { key: 'feed_rss', href: `/api/v1/feeds/news.rss?locale=${lang}`, type: 'application/rss+xml' },
    ];
  if (window === 'sessions') return [{ key: 'feed_ics', href: `/api/v1/feeds/sessions.ics?locale=${lang}`, type: 'text/calendar' }];
  return [];
}

/** Open data sets linked from a window's page. */
export function openDataOf(window: string): string[] {
  return ({ projects: ['projects'], tenders: ['tenders'], documents: ['budgets'], sessions: ['decisions'], legal: ['decisions'] } as Record<string, string[]>)[window] ?? [];
}
