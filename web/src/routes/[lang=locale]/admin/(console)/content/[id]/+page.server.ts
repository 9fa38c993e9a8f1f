import { error, fail, redirect } from '@sveltejs/kit';
import { contentFieldName, contentFormValues, contentFromForm, localToInstant } from '#lib/admin/content-form.ts';
import { localize } from '#lib/catalogue/present.ts';
import { clientFor } from '#lib/server/api.ts';
import { withSite } from '#lib/admin/content-site.ts';
import { previewBodies, sitePickerFor, targetQuery } from '#lib/server/content-admin.ts';
import { kindInputsOf } from '#lib/server/kind-inputs.ts';
import { formValues, invalid, keptValues, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import { postContentFile } from '#lib/server/upload.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The file types the page offers (the API judges the bytes). */
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'image/avif'];

function idOf(event: RequestEvent): string {
  if (!UUID.test(event.params.id)) error(404, { code: 'NOT_FOUND', message: 'no such content', requestId: event.locals.requestId });
  return event.params.id;
}

export const load = (async (event) => {
  const { site, lang } = await event.parent();
  const id = idOf(event);
  const content = clientFor(event).api.v1.admin.content[':id'];
  const target = targetQuery(event);
  const item = await loaded(event, await content.$get({ param: { id }, query: target }));
  const inputs = kindInputsOf(item.kind);
  const { revisions } = await loaded(event, await content.revisions.$get({ param: { id }, query: target }));
  const picker = await sitePickerFor(event, lang, site.fallbackLocales);
  return {
    item: {
      id: item.id,
      kind: item.kind,
      window: item.window,
      slug: item.slug,
      status: item.status,
      publishAt: item.publishAt,
      visible: item.visible,
      revision: item.revision,
      missing: item.missingTranslations,
      title: localize(item.title, lang, site.fallbackLocales),
      attachments: item.attachments.map((a) => ({ ...a, label: localize(a.name, lang, site.fallbackLocales) })),
    },
    revisions: revisions.map((r) => ({ revision: r.revision, createdAt: r.createdAt, status: r.status, title: localize(r.title, lang, site.fallbackLocales) })),
    values: contentFormValues(item, inputs),
    inputs,
    // An arrondissement has none of its own to share with.
    canShare: site.kind === 'commune' && !picker.current,
    chosenSite: picker.current,
    created: event.url.searchParams.has('created'),
  };
}) satisfies PageServerLoad;

export const actions = {
  /** The texts and fields as a new revision; the state (draft, scheduled, published) is kept. */
  save: async (event) => {
    const id = idOf(event);
    const values = formValues(await event.request.formData());
    const inputs = kindInputsOf(values.kind);
    const { input, fields } = contentFromForm(values, inputs);
    if (Object.keys(fields).length > 0) return invalid(fields, values);
    const response = await clientFor(event).api.v1.admin.content[':id'].$put({ param: { id }, query: targetQuery(event), json: input });
    if (!response.ok) return refused(response, values, (path) => contentFieldName(inputs, path));
    return { done: 'saved' as const };
  },
  preview: async (event) => {
    const values = formValues(await event.request.formData());
    return { preview: await previewBodies(event, values), values: keptValues(values) };
  },
  /** Now, or at a future date and time (scheduled). */
  publish: async (event) => {
    const id = idOf(event);
    const values = formValues(await event.request.formData());
    const publishAt = localToInstant(values.publishAt);
    if (publishAt === undefined) return invalid({ publishAt: 'invalid_format' }, values);
    const response = await clientFor(event).api.v1.admin.content[':id'].publish.$post({ param: { id }, query: targetQuery(event), json: { publishAt } });
    if (!response.ok) return refused(response, values);
    const item = await response.json();
    return { done: item.status === 'scheduled' ? ('scheduled' as const) : ('published' as const) };
  },
  unpublish: async (event) => {
    const id = idOf(event);
    const response = await clientFor(event).api.v1.admin.content[':id'].unpublish.$post({ param: { id }, query: targetQuery(event) });
    if (!response.ok) return refused(response, {});
    return { done: 'unpublished' as const };
  },
  /** An image (re-encoded by the API) or a PDF, with its name in the page's language. */
  attach: async (event) => {
    const id = idOf(event);
    const data = await event.request.formData();
    const file = data.get('file');
    const name = String(data.get('name') ?? '').trim();
    const values = { name };
    if (!(file instanceof File) || file.size === 0) return invalid({ file: 'required' }, values);
    const purpose = IMAGE_TYPES.includes(file.type) ? 'image' : 'document';
    const response = await postContentFile(event, id, file, { purpose, lang: event.params.lang as 'ar' | 'fr' | 'zgh', ...(name ? { name: name.slice(0, 200) } : {}), ...targetQuery(event) });
    if (!response.ok) return refused(response, values);
    return { done: 'attached' as const };
  },
  /** Takes one file off the item (earlier revisions keep it). */
  detach: async (event) => {
    const id = idOf(event);
    const fileId = String((await event.request.formData()).get('fileId') ?? '');
    if (!UUID.test(fileId)) return fail(422, { code: 'VALIDATION_FAILED', fields: {} as Record<string, string>, values: {} as Record<string, string> });
    const response = await clientFor(event).api.v1.admin.content[':id'].files[':fileId'].$delete({ param: { id, fileId }, query: targetQuery(event) });
    if (!response.ok) return refused(response, {});
    return { done: 'detached' as const };
  },
  restore: async (event) => {
    const id = idOf(event);
    const revision = String((await event.request.formData()).get('revision') ?? '');
    if (!/^\d{1,9}$/.test(revision)) return fail(422, { code: 'VALIDATION_FAILED', fields: {} as Record<string, string>, values: {} as Record<string, string> });
    const response = await clientFor(event).api.v1.admin.content[':id'].revisions[':revision'].restore.$post({ param: { id, revision }, query: targetQuery(event) });
    if (!response.ok) return refused(response, {});
    return { done: 'restored' as const, revision: Number(revision) };
  },
  delete: async (event) => {
    const id = idOf(event);
    const response = await clientFor(event).api.v1.admin.content[':id'].$delete({ param: { id }, query: targetQuery(event) });
    if (!response.ok) return refused(response, {});
    redirect(303, withSite(`/${event.params.lang}/admin/content?deleted=1`, targetQuery(event).tenant ?? null));
  },
} satisfies Actions;
