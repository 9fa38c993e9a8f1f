// The complaints API's limits and names that browser code needs (the form, the console's selects). The
// API's schemas module would bring zod into the page's script, so they are repeated here, and
// constants.test.ts checks that they are the API's.
import type { ComplaintState } from '@jamaa/api/complaints/complaints.schemas.ts';

export const COMPLAINT_STATES = ['received', 'assigned', 'in_progress', 'resolved', 'rejected', 'forwarded'] as const satisfies readonly ComplaintState[];
export const OPEN_STATES = ['received', 'assigned', 'in_progress'] as const satisfies readonly ComplaintState[];
export const SUBMISSION_MAX_BYTES = 3 * 1024 * 1024;
export const MAX_PHOTOS = 3;
export const DESCRIPTION_MAX = 5000;
export const PHOTO_FIELD = 'photo';
export const HONEYPOT_FIELD = 'website';
export const CHANNELS = ['web', 'counter', 'phone', 'open311'] as const;

export function privateComplaintPath(locale: string, token: string): string {
  return `/${locale}/complaints/private/${token}`;
}

/** The form field of a question's answer (GeoReport's naming, as the API reads it): `attribute[pole_number]`. */
export function attributeField(code: string): string {
  return `attribute[${code}]`;
}
