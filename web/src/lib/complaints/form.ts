// The resident's complaint form, checked before it goes to the API: what a person left out is said next
// to the field, in their language, and nothing they typed is lost (photos aside: a browser cannot be given
// files back, so the page says to choose them again).
import { attributeField, DESCRIPTION_MAX, MAX_PHOTOS } from './types.ts';

/** The text fields of the form, as the API names them. */
export const TEXT_FIELDS = ['category', 'description', 'latitude', 'longitude', 'address', 'landmark', 'contactName', 'contactEmail', 'contactPhone'] as const;

/** Field → code. Codes are `validation:` keys, or the form's own (`location_required`, `contact_required`). */
export type FieldErrors = Record<string, string>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[+\d][\d\s.\-()]{5,29}$/;

/** Whether the form says "stay anonymous" (the radio's value, or the console's checkbox). */
export function isAnonymous(values: Record<string, string>): boolean {
  return values.anonymous === 'true' || values.anonymous === 'on';
}

/** Whether the form asks for the number by SMS: the resident's checkbox (`smsReceipt`), or the console's `receiptBy`. */
export function wantsSms(values: Record<string, string>): boolean {
  return ['on', 'true', '1'].includes(values.smsReceipt ?? '') || values.receiptBy === 'sms';
}

/** A coordinate typed or set by the map, or null when empty or not a number in range. */
export function coordinate(value: string | undefined, limit: number): number | null {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value.trim().replace(',', '.'));
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : null;
}

/**
 * The problems of a submitted form, by field; empty when it may go to the API.
 *
 * @example checkComplaint({ category: '', description: 'x' }, 0) // → { category: 'required', location: 'location_required', contact: 'contact_required' }
 * @example checkComplaint({ category: 'stray_animals', … }, 0, ['stray_animals'], ['animal_kind']) // → { 'attribute[animal_kind]': 'required' } (when unanswered)
 */
export function checkComplaint(values: Record<string, string>, photoCount: number, categories?: readonly string[], requiredAnswers: readonly string[] = []): FieldErrors {
  const errors: FieldErrors = {};
  const category = values.category ?? '';
  if (!category) errors.category = 'required';
  else if (categories && !categories.includes(category)) errors.category = 'invalid_value';
  const description = (values.description ?? '').trim();
  if (!description) errors.description = 'required';
  else if (description.length > DESCRIPTION_MAX) errors.description = 'too_big';

  const lat = values.latitude ?? '';
  const lng = values.longitude ?? '';
  const hasPoint = lat.trim() !== '' || lng.trim() !== '';
  if (hasPoint && (coordinate(lat, 90) === null || coordinate(lng, 180) === null)) errors.latitude = 'invalid_format';
  const hasPlace = (values.address ?? '').trim() !== '' || (values.landmark ?? '').trim() !== '';
  if (!hasPoint && !hasPlace) errors.location = 'location_required';

  if (!isAnonymous(values)) {
    const email = (values.contactEmail ?? '').trim();
    const phone = (values.contactPhone ?? '').trim();
    if (email && !EMAIL.test(email)) errors.contactEmail = 'invalid_format';
    if (phone && !PHONE.test(phone)) errors.contactPhone = 'invalid_format';
    if (!email && !phone) errors.contact = 'contact_required';
  }
  // An SMS goes to the given mobile (the API says the same: `sms_not_anonymous`, `mobile_required`).
  if (wantsSms(values)) {
    if (isAnonymous(values)) errors.anonymous = 'sms_not_anonymous';
    else if (!(values.contactPhone ?? '').trim()) errors.contactPhone = 'mobile_required';
  }
  // The chosen category's required questions (`requiredAnswers`: their codes).
  for (const code of requiredAnswers) if (!(values[attributeField(code)] ?? '').trim()) errors[attributeField(code)] = 'required';
  if (photoCount > MAX_PHOTOS) errors.photo = 'too_many_photos';
  return errors;
}

/** Where an API validation path lands in the form. */
export const API_FIELD_NAMES: Record<string, string> = { latitude: 'latitude', longitude: 'latitude' };
