import { fail } from '@sveltejs/kit';
import { LOGO_CONTENT_TYPES, LOGO_MAX_BYTES, type BrandingSettings } from '@jamaa/api/branding/branding.schemas.ts';
import { colourChange, contrastProblems, type ColourField } from '#lib/admin/branding.ts';
import { clientFor, errorBody } from '#lib/server/api.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import { putLogo } from '#lib/server/upload.ts';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
  const { site } = await event.parent();
  const branding = await loaded(event, await clientFor(event).api.v1.admin.branding.$get());
  return { branding, hasParent: site.parent !== null };
}) satisfies PageServerLoad;

export const actions = {
  /** Saves the colours that changed; a colour too pale for white text is refused with its ratio. */
  colours: async (event) => {
    const values = formValues(await event.request.formData());
    const { change, fields } = colourChange(values);
    if (Object.keys(fields).length > 0) return invalid(fields, values);
    if (Object.keys(change).length === 0) return { saved: 'colours' as const };
    const response = await clientFor(event).api.v1.admin.branding.$put({ json: change });
    if (response.ok) return { saved: 'colours' as const };
    const body = await errorBody(response.clone());
    if (body?.error.code !== 'CONTRAST_TOO_LOW') return refused(response, values, { primaryColor: 'primary', accentColor: 'accent' });
    const contrast = contrastProblems(body.error.details);
    const contrastFields = Object.fromEntries(Object.keys(contrast).map((name) => [name, 'contrast_too_low']));
    return fail(422, { code: 'CONTRAST_TOO_LOW', fields: contrastFields, values, contrast });
  },
  /** Back to the commune's (or the default) colour. */
  inherit: async (event) => {
    const values = formValues(await event.request.formData());
    const field = values.field as ColourField;
    if (field !== 'primaryColor' && field !== 'accentColor') return invalid({}, values);
    const response = await clientFor(event).api.v1.admin.branding.$put({ json: { [field]: null } });
    if (!response.ok) return refused(response, {});
    return { saved: 'inherited' as const };
  },
  /** A new logo: the file's bytes go to the API, which checks and re-encodes them. */
  logo: async (event) => {
    const data = await event.request.formData();
    const file = data.get('logo');
    if (!(file instanceof File) || file.size === 0) return invalid({ logo: 'required' }, {});
    if (!(LOGO_CONTENT_TYPES as readonly string[]).includes(file.type)) return invalid({ logo: 'unsupported_image' }, {}, 'UNSUPPORTED_IMAGE');
    if (file.size > LOGO_MAX_BYTES) return invalid({ logo: 'image_too_large' }, {}, 'IMAGE_TOO_LARGE');
    const response = await putLogo(event, file);
    if (!response.ok) return refused(response, {});
    return { saved: 'logo' as const };
  },
  removeLogo: async (event) => {
    const response = await clientFor(event).api.v1.admin.branding.logo.$delete();
    if (!response.ok) return refused(response, {});
    return { saved: 'logo_removed' as const };
  },
} satisfies Actions;
