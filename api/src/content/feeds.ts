import type { PublicItem } from './content.schemas.ts';
import { escapeXml } from '../shared/xml.ts';

/** What a feed says of its site. */
export interface FeedSite {
  /** The site's name in the feed's language. */
  title: string;
  /** `https://casablanca.jamaa.ma` */
  origin: string;
  locale: string;
  /** The page that lists the items (`/fr/news`). */
  listPath: string;
  /** The feed's own path (`/api/v1/feeds/news.atom?locale=fr`). */
  selfPath: string;
}


function itemLink(site: FeedSite, item: PublicItem): string {
  return `${site.origin}${site.listPath}/${item.slug}`;
}

/** An Atom 1.0 feed (RFC 4287) of news items. */
export function atomFeed(site: FeedSite, items: readonly PublicItem[]): string {
  const updated = items[0]?.updatedAt ?? new Date(0).toISOString();
  const entries = items.map(
    (item) => `  <entry>
    <id>${escapeXml(itemLink(site, item))}</id>
    <title xml:lang="${item.title.locale}">${escapeXml(item.title.text)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(itemLink(site, item))}"/>
    <published>${item.publishedAt}</published>
    <updated>${item.updatedAt}</updated>
    ${item.summary ? `<summary xml:lang="${item.summary.locale}">${escapeXml(item.summary.text)}</summary>` : ''}
    <content type="html">${escapeXml(item.bodyHtml)}</content>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${site.locale}">
  <id>${escapeXml(site.origin + site.listPath)}</id>
  <title>${escapeXml(site.title)}</title>
  <updated>${updated}</updated>
  <author><name>${escapeXml(site.title)}</name></author>
  <link rel="self" type="application/atom+xml" href="${escapeXml(site.origin + site.selfPath)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(site.origin + site.listPath)}"/>
${entries.join('\n')}
</feed>
`;
}

/** An RSS 2.0 feed of news items. */
export function rssFeed(site: FeedSite, items: readonly PublicItem[]): string {
  const entries = items.map(
    (item) => `    <item>
      <title>${escapeXml(item.title.text)}</title>
      <link>${escapeXml(itemLink(site, item))}</link>
      <guid isPermaLink="true">${escapeXml(itemLink(site, item))}</guid>
      <pubDate>${new Date(item.publishedAt).toUTCString()}</pubDate>
      <description>${escapeXml(item.summary?.text ?? item.bodyHtml)}</description>
    </item>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${escapeXml(site.title)}</title>
    <link>${escapeXml(site.origin + site.listPath)}</link>
    <description>${escapeXml(site.title)}</description>
    <language>${site.locale}</language>
    <atom:link rel="self" type="application/rss+xml" href="${escapeXml(site.origin + site.selfPath)}"/>
${entries.join('\n')}
  </channel>
</rss>
`;
}

/** iCalendar text: `\`, `;`, `,` and line breaks escaped (RFC 5545 §3.3.11). */
function icsText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines folded at 75 octets (RFC 5545 §3.1), without splitting a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

function icsDate(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** An iCalendar (RFC 5545) of council sessions: one event each, two hours long unless said otherwise. */
export function sessionsCalendar(site: FeedSite, items: readonly PublicItem[], host: string, now: Date): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:-//Jamaa//${icsText(host)}//${site.locale.toUpperCase()}`, 'CALSCALE:GREGORIAN', `X-WR-CALNAME:${icsText(site.title)}`];
  for (const item of items) {
    if (!item.eventAt) continue;
    const start = new Date(item.eventAt);
    const end = new Date(start.getTime() + 2 * 3_600_000);
    const place = item.fields.place as Record<string, string> | undefined;
    const location = place ? (place[site.locale] ?? place.fr ?? place.ar) : undefined;
    lines.push(
      'BEGIN:VEVENT',
      `UID:${item.id}@${host}`,
      `DTSTAMP:${icsDate(now.toISOString())}`,
      `DTSTART:${icsDate(start.toISOString())}`,
      `DTEND:${icsDate(end.toISOString())}`,
      `SUMMARY:${icsText(item.title.text)}`,
      ...(item.summary ? [`DESCRIPTION:${icsText(item.summary.text)}`] : []),
      ...(location ? [`LOCATION:${icsText(location)}`] : []),
      `URL:${itemLink(site, item)}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}
