// The office form: flat form fields (one checkbox per weekday and hours row) to and from the API's
// office, so the page works as a plain POST without JavaScript.
// Types only from the API: this module also runs in the browser (the console hydrates), where the
// catalogue's runtime lists cannot be loaded.
import type { AdminOffice, OfficeInput, OfficeKind } from '@jamaa/api/offices/offices.schemas.ts';
import { WEEKDAYS, type Weekday } from '@jamaa/tenants/weekdays.ts';
import { translatable, translatableValues } from './text-fields.ts';

/** Rows of opening hours the form shows (a row may cover several days). */
export const HOURS_ROWS = 3;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The form values of an office (for its edit page); a new office starts with a weekday row. */
export function officeFormValues(office: AdminOffice | null): Record<string, string> {
  const values: Record<string, string> = {
    kind: office?.kind ?? '',
    ...translatableValues(office?.names, 'name'),
    ...translatableValues(office?.address, 'address'),
    latitude: office?.latitude != null ? String(office.latitude) : '',
    longitude: office?.longitude != null ? String(office.longitude) : '',
    phone: office?.phone ?? '',
    email: office?.email ?? '',
  };
  const hours = office ? office.hours : [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], opens: '08:30', closes: '16:30' }];
  hours.slice(0, Math.max(HOURS_ROWS, hours.length)).forEach((row, i) => {
    for (const day of row.days) values[`hours_${i}_${day}`] = 'on';
    values[`hours_${i}_opens`] = row.opens;
    values[`hours_${i}_closes`] = row.closes;
  });
  return values;
}

/** How many hours rows to show: the office's, and at least HOURS_ROWS. */
export function hoursRowCount(values: Record<string, string>): number {
  let count = HOURS_ROWS;
  for (const key of Object.keys(values)) {
    const match = /^hours_(\d+)_/.exec(key);
    if (match) count = Math.max(count, Number(match[1]) + 1);
  }
  return Math.min(count, 14);
}

export interface OfficeForm {
  input: OfficeInput;
  /** Form field → validation code, found before asking the API. */
  fields: Record<string, string>;
  /** API validation path → form field (hours rows left empty are not sent, so indexes move). */
  fieldNames: Record<string, string>;
}

function number(text: string | undefined): number | null | 'invalid' {
  const trimmed = (text ?? '').trim().replace(',', '.');
  if (!trimmed) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : 'invalid';
}

/** The office a submitted form describes, and what is wrong with it. */
export function officeFromForm(values: Record<string, string>): OfficeForm {
  const fields: Record<string, string> = {};
  const fieldNames: Record<string, string> = {
    kind: 'kind',
    names: 'name_fr',
    'names.ar': 'name_ar',
    'names.fr': 'name_fr',
    'names.zgh': 'name_zgh',
    'address.ar': 'address_ar',
    'address.fr': 'address_fr',
    'address.zgh': 'address_zgh',
  };

  const kind = values.kind ?? '';
  // The API checks the kind is one of OFFICE_KINDS (else `invalid_value`).
  if (!kind) fields.kind = 'required';
  const names = translatable(values, 'name') ?? {};
  if (!names.ar && !names.fr) fields[values.name_ar?.trim() ? 'name_fr' : 'name_ar'] = 'required';

  const latitude = number(values.latitude);
  const longitude = number(values.longitude);
  if (latitude === 'invalid') fields.latitude = 'invalid_format';
  if (longitude === 'invalid') fields.longitude = 'invalid_format';
  if (latitude === null && typeof longitude === 'number') fields.latitude = 'required';
  if (longitude === null && typeof latitude === 'number') fields.longitude = 'required';

  const hours: { days: Weekday[]; opens: string; closes: string }[] = [];
  for (let row = 0; row < hoursRowCount(values); row++) {
    const days = WEEKDAYS.filter((day) => values[`hours_${row}_${day}`]);
    const opens = (values[`hours_${row}_opens`] ?? '').trim();
    const closes = (values[`hours_${row}_closes`] ?? '').trim();
    if (days.length === 0 && !opens && !closes) continue;
    if (days.length === 0) fields[`hours_${row}_days`] = 'required';
    if (!TIME.test(opens)) fields[`hours_${row}_opens`] = opens ? 'invalid_format' : 'required';
    if (!TIME.test(closes)) fields[`hours_${row}_closes`] = closes ? 'invalid_format' : 'required';
    else if (TIME.test(opens) && closes <= opens) fields[`hours_${row}_closes`] = 'closes_before_opens';
    const index = hours.length;
    fieldNames[`hours.${index}.days`] = `hours_${row}_days`;
    fieldNames[`hours.${index}.opens`] = `hours_${row}_opens`;
    fieldNames[`hours.${index}.closes`] = `hours_${row}_closes`;
    hours.push({ days, opens, closes });
  }

  const phone = values.phone?.trim() || null;
  const email = values.email?.trim() || null;
  const input: OfficeInput = {
    kind: kind as OfficeKind,
    names,
    address: translatable(values, 'address') ?? {},
    latitude: typeof latitude === 'number' ? latitude : null,
    longitude: typeof longitude === 'number' ? longitude : null,
    hours,
    phone,
    email,
  };
  return { input, fields, fieldNames };
}
