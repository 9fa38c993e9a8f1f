import QRCode from 'qrcode';
import { getPrivateComplaint } from '#lib/server/complaints.ts';
import { privateComplaintPath } from '#lib/complaints/types.ts';
import type { PageServerLoad } from './$types';

/** The printed receipt for a caller: number, private link (and its QR code), deadline. */
export const load = (async (event) => {
  const complaint = await getPrivateComplaint(event, event.params.token);
  const link = `${event.url.origin}${privateComplaintPath(complaint.locale || event.params.lang, event.params.token)}`;
  const qr = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { complaint, link, qr };
}) satisfies PageServerLoad;
