import QRCode from 'qrcode';
import { getPrivateComplaint } from '#lib/server/complaints.ts';
import { requireSite } from '#lib/server/site.ts';
import { privateComplaintPath } from '#lib/complaints/types.ts';
import type { PageServerLoad } from './$types';

/**
 * The printed receipt for a caller: number, private link (and its QR code), date, deadline. The link starts
 * with the tenant's canonical origin (its own domain, `PUBLIC_URL`'s scheme and port), as the SMS and mail
 * do: never the Host the agent's browser used (an internal address, a port of the office's proxy).
 * `?sms=pending|held`: the agent also asked for the SMS (the filing said where it went).
 */
export const load = (async (event) => {
  const complaint = await getPrivateComplaint(event, event.params.token);
  const origin = requireSite(event.locals).canonicalOrigin.replace(/\/+$/, '');
  const link = `${origin}${privateComplaintPath(complaint.locale || event.params.lang, event.params.token)}`;
  const qr = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  const asked = event.url.searchParams.get('sms');
  const sms = asked === 'pending' || asked === 'held' ? asked : null;
  return { complaint, link, qr, sms };
}) satisfies PageServerLoad;
