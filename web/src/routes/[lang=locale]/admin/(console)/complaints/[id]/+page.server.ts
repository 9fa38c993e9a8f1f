import { fail } from '@sveltejs/kit';
import type { Locale } from '@jamaa/tenants/locale.ts';
import { COMPLAINT_STATES, type ComplaintState } from '#lib/complaints/types.ts';
import { blurRegionFromForm } from '#lib/complaints/photo-blur.ts';
import { blurPhoto, complaintAction, getAdminCategories, getAssignees, getStaffComplaint, getTemplates, reviewPhoto } from '#lib/server/complaints.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
  const id = event.params.id;
  const [complaint, categories, people, templates] = await Promise.all([
    getStaffComplaint(event, id),
    getAdminCategories(event),
    getAssignees(event),
    getTemplates(event).catch(() => []),
  ]);
  const chosen = templates.find((tpl) => tpl.id === event.url.searchParams.get('template')) ?? null;
  return {
    complaint,
    categories,
    chosenTemplate: chosen?.id ?? null,
    departments: [...new Set([...people.departments, ...categories.map((c) => c.department).filter((d): d is string => !!d)])].sort(),
    assignees: people.assignees,
    templates,
  };
}) satisfies PageServerLoad;

const isState = (value: string | undefined): value is ComplaintState => (COMPLAINT_STATES as readonly string[]).includes(value ?? '');

/** Each action answers `{ done: <action> }` or a form failure tagged with the form it belongs to. */
async function run(form: string, response: Promise<Response>, values: Record<string, string>, fieldNames: Record<string, string> = {}) {
  const answer = await response;
  if (!answer.ok) {
    const failure = await refused(answer, values, fieldNames);
    return fail(failure.status, { ...failure.data, form });
  }
  return { done: form };
}

export const actions = {
  assign: async (event) => {
    const values = formValues(await event.request.formData());
    return run('assign', complaintAction(event, event.params.id, 'assign', { department: values.department || null, assigneeId: values.assigneeId || null }), values);
  },
  reply: async (event) => {
    const values = formValues(await event.request.formData());
    const body = (values.body ?? '').trim();
    const state = values.state;
    if (!body && !isState(state)) return fail(422, { ...invalid({ body: 'required' }, values).data, form: 'reply' });
    if (isState(state)) {
      return run('reply', complaintAction(event, event.params.id, 'state', { state, ...(body ? { reply: body } : {}) }), values, { reply: 'body' });
    }
    // The language the agent wrote the reply in (the resident's by default), else the console's.
    const locale = (['ar', 'fr', 'zgh'] as const).find((l) => l === values.locale) ?? (event.params.lang as Locale);
    return run('reply', complaintAction(event, event.params.id, 'replies', { body, public: true, locale }), values);
  },
  note: async (event) => {
    const values = formValues(await event.request.formData());
    const body = (values.note ?? '').trim();
    if (!body) return fail(422, { ...invalid({ note: 'required' }, values).data, form: 'note' });
    return run('note', complaintAction(event, event.params.id, 'replies', { body, public: false }), values, { body: 'note' });
  },
  redact: async (event) => {
    const values = formValues(await event.request.formData());
    const description = (values.description ?? '').trim();
    if (!description) return fail(422, { ...invalid({ description: 'required' }, values).data, form: 'redact' });
    return run(
      'redact',
      complaintAction(event, event.params.id, 'redact', { description, address: values.address?.trim() || null, reviewed: values.reviewed === 'on' }),
      values,
    );
  },
  photo: async (event) => {
    const values = formValues(await event.request.formData());
    const status = values.status === 'published' ? 'published' : 'hidden';
    return run('photo', reviewPhoto(event, event.params.id, values.fileId ?? '', status), values);
  },
  blur: async (event) => {
    const values = formValues(await event.request.formData());
    const read = blurRegionFromForm(values);
    if ('fields' in read) {
      const failure = invalid(read.fields, values);
      return fail(failure.status, { ...failure.data, form: 'blur' as const });
    }
    return run('blur', blurPhoto(event, event.params.id, values.fileId ?? '', read.region), values);
  },
  merge: async (event) => {
    const values = formValues(await event.request.formData());
    const into = (values.into ?? '').trim().toUpperCase();
    if (!into) return fail(422, { ...invalid({ into: 'required' }, values).data, form: 'merge' });
    return run('merge', complaintAction(event, event.params.id, 'merge', { into }), values);
  },
  forward: async (event) => {
    const values = formValues(await event.request.formData());
    const body = (values.forwardBody ?? '').trim();
    if (!body) return fail(422, { ...invalid({ forwardBody: 'required' }, values).data, form: 'forward' });
    const reference = values.reference?.trim() || null;
    return run('forward', complaintAction(event, event.params.id, 'forward', { body, reference }), values, { body: 'forwardBody' });
  },
} satisfies Actions;
