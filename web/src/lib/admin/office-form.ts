// The office form: flat form fields (one checkbox per weekday and hours row, a few rows of Ramadan hours and
// of dated closures) to and from the API's office, so the page works as a plain POST without JavaScript.
// Types only from the API: this module also runs in the browser (the console hydrates), where the
// catalogue's runtime lists cannot be loaded.
import type { AdminOffice, OfficeInput, OfficeKind } from '@jamaa/api/offices/offices.schemas.ts';
import { LOCALES, type Translatable } from '@jamaa/tenants/locale.ts';
import { WEEKDAYS, type Weekday } from '@jamaa/tenants/weekdays.ts';
import { translatable, translatableValues } from './text-fields.ts';

/** Rows of opening hours the form shows (a row may cover several days). */
export const HOURS_ROWS = 3;
/** Rows of Ramadan hours the form shows at least. */
export const RAMADAN_ROWS = 2;
/** Empty closure rows the form offers after the office's own closures. */
export const SPARE_CLOSURE_ROWS = 2;
/** Closures an office may list (the API's CLOSURES_MAX). */
export const MAX_CLOSURE_ROWS = 20;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A real calendar day written `YYYY-MM-DD` (not 2027-02-30). */
function isDate(text: string): boolean {
  return DATE.test(text) && new Date(`${text}T12:00:00Z`).toISOString().slice(0, 10) === text;
}

/** The form fields of hours rows: `<prefix>_<row>_<day>` checkboxes, `<prefix>_<row>_opens|closes`. */
function hoursValues(hours: readonly { days: readonly string[]; opens: string; closes: string }[], prefix: string): Record<string, string> {
  const values: Record<string, string> = {};
  hours.forEach((row, i) => {
    for (const day of row.days) values[`${prefix}_${i}_${day}`] = 'on';
    values[`${prefix}_${i}_opens`] = row.opens;
    values[`${prefix}_${i}_closes`] = row.closes;
  });
  return values;
}

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
  Object.assign(values, hoursValues(hours, 'hours'), hoursValues(office?.ramadanHours ?? [], 'ramadan'));
  (office?.closures ?? []).forEach((closure, i) => {
    values[`closure_${i}_from`] = closure.from;
    values[`closure_${i}_to`] = closure.to;
    Object.assign(values, translatableValues(closure.reason, `closure_${i}_reason`));
  });
  return values;
}

/** How many rows of `prefix` the values hold (the highest row index + 1; `filled`: counting rows with a value only). */
function rowsIn(values: Record<string, string>, prefix: string, filled = false): number {
  let count = 0;
  const pattern = new RegExp(`^${prefix}_(\\d+)_`);
  for (const [key, value] of Object.entries(values)) {
    const match = pattern.exec(key);
    if (match && (!filled || value.trim() !== '')) count = Math.max(count, Number(match[1]) + 1);
  }
  return count;
}

/** How many hours rows to show: the office's, and at least HOURS_ROWS. */
export function hoursRowCount(values: Record<string, string>): number {
  return Math.min(Math.max(HOURS_ROWS, rowsIn(values, 'hours')), 14);
}

/** How many Ramadan hours rows to show: the office's, and at least RAMADAN_ROWS. */
export function ramadanRowCount(values: Record<string, string>): number {
  return Math.min(Math.max(RAMADAN_ROWS, rowsIn(values, 'ramadan')), 14);
}

/** How many closure rows to show: every row sent (a refused form comes back whole), else the office's and SPARE_CLOSURE_ROWS empty ones. */
export function closureRowCount(values: Record<string, string>): number {
  return Math.min(Math.max(rowsIn(values, 'closure'), rowsIn(values, 'closure', true) + SPARE_CLOSURE_ROWS), MAX_CLOSURE_ROWS);
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

  const readHours = (prefix: string, field: 'hours' | 'ramadanHours', rows: number) => {
    const hours: { days: Weekday[]; opens: string; closes: string }[] = [];
    for (let row = 0; row < rows; row++) {
      const days = WEEKDAYS.filter((day) => values[`${prefix}_${row}_${day}`]);
      const opens = (values[`${prefix}_${row}_opens`] ?? '').trim();
      const closes = (values[`${prefix}_${row}_closes`] ?? '').trim();
      if (days.length === 0 && !opens && !closes) continue;
      if (days.length === 0) fields[`${prefix}_${row}_days`] = 'required';
      if (!TIME.test(opens)) fields[`${prefix}_${row}_opens`] = opens ? 'invalid_format' : 'required';
      if (!TIME.test(closes)) fields[`${prefix}_${row}_closes`] = closes ? 'invalid_format' : 'required';
      else if (TIME.test(opens) && closes <= opens) fields[`${prefix}_${row}_closes`] = 'closes_before_opens';
      const index = hours.length;
      fieldNames[`${field}.${index}.days`] = `${prefix}_${row}_days`;
      fieldNames[`${field}.${index}.opens`] = `${prefix}_${row}_opens`;
      fieldNames[`${field}.${index}.closes`] = `${prefix}_${row}_closes`;
      hours.push({ days, opens, closes });
    }
    return hours;
  };
  const hours = readHours('hours', 'hours', hoursRowCount(values));
  const ramadanHours = readHours('ramadan', 'ramadanHours', ramadanRowCount(values));

  // Closures: a row with nothing is skipped; a last day left empty means one day.
  const closures: { from: string; to: string; reason: Translatable }[] = [];
  for (let row = 0; row < Math.min(rowsIn(values, 'closure'), MAX_CLOSURE_ROWS); row++) {
    const name = (field: string) => `closure_${row}_${field}`;
    const from = (values[name('from')] ?? '').trim();
    const typedTo = (values[name('to')] ?? '').trim();
    const to = typedTo || from;
    const reason = translatable(values, name('reason')) ?? {};
    if (!from && !to && Object.keys(reason).length === 0) continue;
    if (!isDate(from)) fields[name('from')] = from ? 'invalid_format' : 'required';
    if (typedTo && !isDate(typedTo)) fields[name('to')] = 'invalid_format';
    else if (isDate(from) && to < from) fields[name('to')] = 'ends_before_starts';
    if (!reason.ar && !reason.fr) fields[values[name('reason_ar')]?.trim() ? name('reason_fr') : name('reason_ar')] = 'required';
    const index = closures.length;
    fieldNames[`closures.${index}.from`] = name('from');
    fieldNames[`closures.${index}.to`] = name('to');
    fieldNames[`closures.${index}.reason`] = name('reason_fr');
    for (const locale of LOCALES) fieldNames[`closures.${index}.reason.${locale}`] = name(`reason_${locale}`);
    closures.push({ from, to, reason });
  }
  fieldNames.closures = `closure_${Math.max(closures.length - 1, 0)}_from`;

  const phone = values.phone?.trim() || null;
  const email = values.email?.trim() || null;
  const input: OfficeInput = {
    kind: kind as OfficeKind,
    names,
    address: translatable(values, 'address') ?? {},
    latitude: typeof latitude === 'number' ? latitude : null,
    longitude: typeof longitude === 'number' ? longitude : null,
    hours,
    ramadanHours,
    closures,
    phone,
    email,
  };
  return { input, fields, fieldNames };
}
