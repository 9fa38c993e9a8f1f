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
  add('party', str(f.party));
  add('chair', str(f.chair));
  add('grade', text(f.grade, lang));
  if (item.kind === 'grant_call') add('stage', value(f.stage));
  if (item.kind === 'action_programme' && num(f.fromYear) !== null && num(f.toYear) !== null) add('dates', `${f.fromYear as number} – ${f.toYear as number}`);
  if (item.kind === 'participation_body') add('members', num(f.members) !== null ? formatNumber(f.members as number, lang) : null);
  add('vehicles', num(f.vehicles) !== null ? formatNumber(f.vehicles as number, lang) : null);
  add('submitted_on', day(f.submittedOn));
  add('decision', text(f.decision, lang));
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

/** One list of an item's own fields (a committee's members, a forecast's purchases…), each line with its details. */
export interface FieldList {
  label: string;
  rows: { text: string; details: string[] }[];
}

/**
 * The lists among an item's own fields, in the page's language: a committee's members, the axes of the
 * action programme with their budgets, the year's planned purchases, a grant's beneficiaries, the school
 * transport's routes. Session agendas and votes have their own part (`sessionParts`).
 */
export function listsOf(item: PublicItem, lang: Locale, t: T): FieldList[] {
  const f = item.fields;
  const records = (v: unknown) => (Array.isArray(v) ? (v as unknown[]).filter((r): r is Record<string, unknown> => !!r && typeof r === 'object') : []);
  const money = (v: unknown) => (num(v) !== null ? [formatMoney(v as number, lang)] : []);
  const lists: FieldList[] = [];
  const add = (label: string, rows: FieldList['rows']) => {
    const kept = rows.filter((r) => r.text !== '');
    if (kept.length > 0) lists.push({ label: t(`content:field.${label}`), rows: kept });
  };
  if (item.kind === 'committee' && Array.isArray(f.members)) add('members', (f.members as unknown[]).map((m) => ({ text: str(m) ?? '', details: [] })));
  if (item.kind === 'action_programme') add('axes', records(f.axes).map((a) => ({ text: text(a.title, lang) ?? '', details: money(a.budgetMad) })));
  if (item.kind === 'purchase_forecast')
    add(
      'forecast',
      records(f.items).map((p) => ({
        text: text(p.object, lang) ?? '',
        details: [...(str(p.kind) ? [t(`content:value.${p.kind as string}`)] : []), ...money(p.estimateMad), ...(num(p.quarter) !== null ? [t('content:quarter', { quarter: formatNumber(p.quarter as number, lang) })] : [])],
      })),
    );
  if (item.kind === 'grant_call') add('beneficiaries', records(f.beneficiaries).map((b) => ({ text: str(b.name) ?? '', details: money(b.amountMad) })));
  if (item.kind === 'school_transport') add('routes', (Array.isArray(f.routes) ? (f.routes as unknown[]) : []).map((r) => ({ text: text(r, lang) ?? '', details: [] })));
  return lists;
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
