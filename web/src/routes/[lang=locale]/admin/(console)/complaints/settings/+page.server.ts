import { fail } from '@sveltejs/kit';
import { categoriesFromForm, templatesFromForm } from '#lib/complaints/settings-form.ts';
import { getAdminCategories, getTemplates, putCategories, putTemplates } from '#lib/server/complaints.ts';
import { formValues, refused } from '#lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

/** Categories (names, deadline, default department, offered or not) and reply templates per state. */
export const load = (async (event) => {
  const [categories, templates] = await Promise.all([getAdminCategories(event), getTemplates(event)]);
  return { categories, templates };
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
} satisfies Actions;
