import QRCode from 'qrcode';
import { resolveText } from '@jamaa/tenants/locale.ts';
import { getPrivateComplaint } from '#lib/server/complaints.ts';
import { requireSite } from '#lib/server/site.ts';
import { privateComplaintPath } from '#lib/complaints/types.ts';
import { residentLocale } from '#lib/complaints/resident-locale.ts';
import type { PageServerLoad } from './$types';

/**
 * The printed receipt for a caller: number, private link (and its QR code), date, deadline. The link starts
 * with the tenant's canonical origin (its own domain, `PUBLIC_URL`'s scheme and port), as the SMS and mail
 * do: never the Host the agent's browser used (an internal address, a port of the office's proxy).
 * The receipt itself (what the resident takes away) is in the resident's language, the console's frame in the
 * agent's. `?sms=pending|held`: the agent also asked for the SMS (the filing said where it went).
 */
export const load = (async (event) => {
  const complaint = await getPrivateComplaint(event, event.params.token);
  const site = requireSite(event.locals);
  const origin = site.canonicalOrigin.replace(/\/+$/, '');
  // In the resident's language, the agent's choice when filing: the paper reads in it, and the SMS's link is the same.
  const locale = residentLocale(site, complaint.locale);
  const link = `${origin}${privateComplaintPath(locale, event.params.token)}`;
  const tenantName = resolveText(site.names, locale, site.fallbackLocales) ?? { text: site.slug, locale, fallback: false };
  const qr = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  const asked = event.url.searchParams.get('sms');
  const sms = asked === 'pending' || asked === 'held' ? asked : null;
  return { complaint, link, qr, sms, residentLocale: locale, tenantName };
}) satisfies PageServerLoad;
