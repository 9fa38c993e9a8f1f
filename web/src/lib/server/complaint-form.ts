// The complaint form's action, shared by the resident's page and the console's "file for a caller":
// check, shrink the photos, pass the form on to the API with its token as Idempotency-Key, and either
// the API's answer or a failure that keeps what was typed.
import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { idempotencyHeaders } from '@jamaa/api/idempotency/idempotency.schemas.ts';
import { checkComplaint, TEXT_FIELDS } from '#lib/complaints/form.ts';
import { attributeField, PHOTO_FIELD, type ComplaintCategoryWithQuestions, type SubmissionResult } from '#lib/complaints/types.ts';
import { chosenPhotos, shrinkPhotos } from './complaint-photos.ts';
import { formValues, keptValues, refused, type FormFailure } from './forms.ts';

export interface ComplaintFailure extends FormFailure {
  /** Photos were chosen: the page says to choose them again. */
  photosLost: boolean;
}

type Send = (form: FormData, headers: Record<string, string>) => Promise<Response>;

/** The fields the API takes, besides the text fields. */
const EXTRA = ['anonymous', 'locale', 'channel', 'receiptBy', 'smsReceipt', 'website', 'idempotency_key'];

export async function submitComplaintForm(
  event: RequestEvent,
  send: Send,
  categories: readonly ComplaintCategoryWithQuestions[],
): Promise<{ result: SubmissionResult; values: Record<string, string> } | ActionFailure<ComplaintFailure>> {
  const data = await event.request.formData();
  const values = formValues(data);
  const photos = chosenPhotos(data);
  const failed = (failure: ActionFailure<FormFailure>) => fail(failure.status, { ...failure.data, photosLost: photos.length > 0 });
  // The form holds every category's questions (a page without script cannot hide them): only the chosen
  // category's answers go on.
  const questions = categories.find((c) => c.code === values.category)?.attributes ?? [];
  const fields = checkComplaint(
    values,
    photos.length,
    categories.map((c) => c.code),
    questions.filter((q) => q.required).map((q) => q.code),
  );
  if (Object.keys(fields).length > 0) return fail(422, { code: 'VALIDATION_FAILED', fields, values: keptValues(values), photosLost: photos.length > 0 });
  const shrunk = await shrinkPhotos(photos);
  if ('error' in shrunk) return fail(422, { code: 'VALIDATION_FAILED', fields: { [PHOTO_FIELD]: shrunk.error }, values: keptValues(values), photosLost: true });

  const form = new FormData();
  for (const name of [...TEXT_FIELDS, ...EXTRA]) {
    const value = values[name];
    if (value !== undefined && value !== '') form.append(name, value);
  }
  if (values.anonymous === 'true') for (const name of ['contactName', 'contactEmail', 'contactPhone']) form.delete(name);
  for (const question of questions) {
    for (const answer of data.getAll(attributeField(question.code))) if (typeof answer === 'string' && answer.trim() !== '') form.append(attributeField(question.code), answer);
  }
  for (const file of shrunk.files) form.append(PHOTO_FIELD, file);
  const response = await send(form, idempotencyHeaders(data));
  if (!response.ok) {
    if (response.status === 422) {
      const copy = response.clone();
      const body = (await copy.json().catch(() => null)) as { error?: { code?: string } } | null;
      if (body?.error?.code === 'LOCATION_OUTSIDE_AREA') {
        return fail(422, { code: 'VALIDATION_FAILED', fields: { latitude: 'location_outside' }, values: keptValues(values), photosLost: photos.length > 0 });
      }
    }
    return failed(await refused(response, values, { longitude: 'latitude', contactEmail: 'contactEmail' }));
  }
  return { result: (await response.json()) as SubmissionResult, values };
}
