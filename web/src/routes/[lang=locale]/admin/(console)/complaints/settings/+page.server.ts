import { fail } from '@sveltejs/kit';
import { areaFromForm, categoriesFromForm, templatesFromForm } from '#lib/complaints/settings-form.ts';
import { getAdminCategories, getArea, getTemplates, putArea, putCategories, putTemplates } from '#lib/server/complaints.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

/** Categories (names, deadline, default department, offered or not), reply templates per state, and the box a map point must fall in. */
export const load = (async (event) => {
  const [categories, templates, area] = await Promise.all([getAdminCategories(event), getTemplates(event), getArea(event)]);
  return { categories, templates, area: area.area };
}) satisfies PageServerLoad;

export const actions = {
  categories: async (event) => {
    const values = formValues(await event.request.formData());
    const response = await putCategories(event, categoriesFromForm(values));
    if (!response.ok) {
      const failure = await refused(response, values);
      return fail(failure.status, { ...failure.data, form: 'categories' as const });
    }
    return { done: 'categories' as const };
  },
  templates: async (event) => {
    const values = formValues(await event.request.formData());
    const response = await putTemplates(event, templatesFromForm(values));
    if (!response.ok) {
      const failure = await refused(response, values);
      return fail(failure.status, { ...failure.data, form: 'templates' as const });
    }
    return { done: 'templates' as const };
  },
  area: async (event) => {
    const values = formValues(await event.request.formData());
    const read = areaFromForm(values);
    if ('fields' in read) {
      const failure = invalid(read.fields, values);
      return fail(failure.status, { ...failure.data, form: 'area' as const });
    }
    const response = await putArea(event, read.area);
    if (!response.ok) {
      // The API names the edge (`area.north`), which is the field's name here.
      const failure = await refused(response, values, (path) => path);
      return fail(failure.status, { ...failure.data, form: 'area' as const });
    }
    return { done: 'area' as const };
  },
} satisfies Actions;
