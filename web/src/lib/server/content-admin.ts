// The console's content editor: the Markdown preview and the form's submission, shared by the new-item
// and the edit pages.
import type { RequestEvent } from '@sveltejs/kit';
import { LOCALES, type Locale } from '@jamaa/tenants/locale.ts';
import { chosenSite, sitePicker, type SitePicker } from '../admin/content-site.ts';
import { clientFor } from './api.ts';
import { loaded } from './staff.ts';

/** The bodies rendered by the API exactly as the public site will show them (sanitised HTML), per language. */
export async function previewBodies(event: RequestEvent, values: Record<string, string>): Promise<{ locale: Locale; html: string }[]> {
  const client = clientFor(event);
  const out: { locale: Locale; html: string }[] = [];
  for (const locale of LOCALES) {
    const markdown = values[`body_${locale}`]?.replace(/\r\n/g, '\n') ?? '';
    if (markdown.trim() === '') continue;
    const response = await client.api.v1.admin['content-preview'].$post({ json: { markdown } });
    if (response.ok) out.push({ locale, html: (await response.json()).html });
  }
  return out;
}

/** `?tenant=` of an arrondissement the editor writes to from the commune's console, when given. */
export function targetQuery(event: RequestEvent): { tenant?: string } {
  const tenant = chosenSite(event.url.searchParams);
  return tenant ? { tenant } : {};
}

/**
 * The arrondissements this editor may write to from the commune's console (none elsewhere), and which
 * one the address chose, named in the page's language.
 */
export async function sitePickerFor(event: RequestEvent, lang: Locale, fallbackLocales: readonly Locale[]): Promise<SitePicker & { chosen: string | null }> {
  const { arrondissements } = await loaded(event, await clientFor(event).api.v1.admin['content-sites'].$get());
  const chosen = chosenSite(event.url.searchParams);
  return { ...sitePicker(arrondissements, chosen, lang, fallbackLocales), chosen };
}
