import { fail } from '@sveltejs/kit';
import { CONTACT_TOPICS, OPERATOR_SERVICES } from '@jamaa/tenants/contact.ts';
import type { ContactLineInput, ContactOperatorInput } from '@jamaa/api/contact/contact.schemas.ts';
import { clientFor } from '#lib/server/api.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** This site's hotlines and operators (editable), then its commune's (shown, not changeable here). */
export const load = (async (event) => {
  const directory = await loaded(event, await clientFor(event).api.v1.admin.contact.$get());
  return { directory, topics: CONTACT_TOPICS, services: OPERATOR_SERVICES };
}) satisfies PageServerLoad;

const texts = (values: Record<string, string>, prefix: string) => ({
  ar: values[`${prefix}_ar`]?.trim() || undefined,
  fr: values[`${prefix}_fr`]?.trim() || undefined,
  zgh: values[`${prefix}_zgh`]?.trim() || undefined,
});

/** Form field ← API path (`labels.fr` → `labels_fr` is not needed: the whole group is one error). */
const LINE_FIELDS = { labels: 'labels_fr', number: 'number', kind: 'number', topic: 'topic' };
const OPERATOR_FIELDS = { names: 'names_fr', phone: 'phone', website: 'website', app: 'app', service: 'service' };

function lineFrom(values: Record<string, string>): ContactLineInput {
  return {
    topic: values.topic as ContactLineInput['topic'],
    number: values.number ?? '',
    free: values.free === 'on',
    main: values.main === 'on',
    labels: texts(values, 'labels'),
    hours: texts(values, 'hours'),
    notes: texts(values, 'notes'),
  };
}

function operatorFrom(values: Record<string, string>): ContactOperatorInput {
  return {
    service: values.service as ContactOperatorInput['service'],
    names: texts(values, 'names'),
    phone: values.phone?.trim() || null,
    website: values.website?.trim() || null,
    app: values.app?.trim() || null,
    agency: texts(values, 'agency'),
    verified: values.verified === 'on',
  };
}

/** Moves one own entry up or down by rewriting the whole order. */
function moved(ids: string[], id: string, direction: string): string[] | null {
  const i = ids.indexOf(id);
  const j = direction === 'up' ? i - 1 : i + 1;
  if (i < 0 || j < 0 || j >= ids.length) return null;
  const next = [...ids];
  [next[i], next[j]] = [next[j] as string, next[i] as string];
  return next;
}

/** A refusal, tagged with the form it belongs to (the page has one form per line). */
function failedFor(form: string, failure: Awaited<ReturnType<typeof refused>>) {
  return fail(failure.status, { ...failure.data, form });
}

export const actions = {
  saveLine: async (event) => {
    const values = formValues(await event.request.formData());
    const id = values.id ?? '';
    const client = clientFor(event);
    const json = lineFrom(values);
    const response = UUID.test(id)
      ? await client.api.v1.admin['contact-lines'][':id'].$put({ param: { id }, json })
      : await client.api.v1.admin['contact-lines'].$post({ json });
    if (!response.ok) return failedFor(id || 'new-line', await refused(response, values, LINE_FIELDS));
    return { form: id || 'new-line', saved: true };
  },
  deleteLine: async (event) => {
    const values = formValues(await event.request.formData());
    if (!UUID.test(values.id ?? '')) return invalid({}, values, 'NOT_FOUND');
    const response = await clientFor(event).api.v1.admin['contact-lines'][':id'].$delete({ param: { id: values.id as string } });
    if (!response.ok) return refused(response, values);
    return { deleted: true };
  },
  moveLine: async (event) => {
    const values = formValues(await event.request.formData());
    const client = clientFor(event);
    const directory = await loaded(event, await client.api.v1.admin.contact.$get());
    const ids = moved(directory.lines.filter((l) => !l.inherited).map((l) => l.id), values.id ?? '', values.direction ?? '');
    if (!ids) return { moved: false };
    const response = await client.api.v1.admin['contact-lines-order'].$put({ json: { ids } });
    if (!response.ok) return refused(response, values);
    return { moved: true };
  },
  saveOperator: async (event) => {
    const values = formValues(await event.request.formData());
    const id = values.id ?? '';
    const client = clientFor(event);
    const json = operatorFrom(values);
    const response = UUID.test(id)
      ? await client.api.v1.admin['contact-operators'][':id'].$put({ param: { id }, json })
      : await client.api.v1.admin['contact-operators'].$post({ json });
    if (!response.ok) return failedFor(id || 'new-operator', await refused(response, values, OPERATOR_FIELDS));
    return { form: id || 'new-operator', saved: true };
  },
  deleteOperator: async (event) => {
    const values = formValues(await event.request.formData());
    if (!UUID.test(values.id ?? '')) return invalid({}, values, 'NOT_FOUND');
    const response = await clientFor(event).api.v1.admin['contact-operators'][':id'].$delete({ param: { id: values.id as string } });
    if (!response.ok) return refused(response, values);
    return { deleted: true };
  },
  moveOperator: async (event) => {
    const values = formValues(await event.request.formData());
    const client = clientFor(event);
    const directory = await loaded(event, await client.api.v1.admin.contact.$get());
    const ids = moved(directory.operators.filter((o) => !o.inherited).map((o) => o.id), values.id ?? '', values.direction ?? '');
    if (!ids) return { moved: false };
    const response = await client.api.v1.admin['contact-operators-order'].$put({ json: { ids } });
    if (!response.ok) return refused(response, values);
    return { moved: true };
  },
} satisfies Actions;
