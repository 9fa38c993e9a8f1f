import { LOCALES, type Locale } from '@jamaa/tenants/locale.ts';
import { clientFor } from '#lib/server/api.ts';
import { formValues, refused } from '#lib/server/forms.ts';
import { loaded } from '#lib/server/staff.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * Onboarding one commune: search the registry (`?q=`), choose one (`?code=`), then the form prefilled
 * from the registry — slug, domains, languages, colours, services, first administrator.
 */
export const load = (async (event) => {
  const client = clientFor(event);
  const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const code = (event.url.searchParams.get('code') ?? '').trim();
  const search = q ? await loaded(event, await client.api.v1.operator.registry.$get({ query: { q } })) : null;
  const chosen = /^\d{2}\.\d{3}\.\d{2}\.\d{1,2}$/.test(code) ? await loaded(event, await client.api.v1.operator.registry.$get({ query: { code } })) : null;
  const options = chosen ? await loaded(event, await client.api.v1.operator.onboarding.options.$get()) : null;
  return { q, hits: search?.hits ?? null, entry: chosen?.hits[0] ?? null, options, credit: (search ?? chosen)?.credit ?? null };
}) satisfies PageServerLoad;

const isLocale = (x: unknown): x is Locale => (LOCALES as readonly unknown[]).includes(x);

export const actions = {
  onboard: async (event) => {
    const data = await event.request.formData();
    const values = formValues(data);
    const locales = data.getAll('locales').filter(isLocale);
    const services = data.getAll('services').filter((s): s is string => typeof s === 'string');
    const allServices = Number(values.services_total ?? '0');
    const domains = (values.domains ?? '')
      .split(/[\s,]+/)
      .map((d) => d.trim())
      .filter(Boolean);
    const preset = values.brandingPreset === undefined || values.brandingPreset === '' ? undefined : Number(values.brandingPreset);
    const response = await clientFor(event).api.v1.operator.onboarding.$post({
      json: {
        code: values.code ?? '',
        ...(values.slug ? { slug: values.slug } : {}),
        domains,
        ...(locales.length ? { locales } : {}),
        ...(isLocale(values.defaultLocale) ? { defaultLocale: values.defaultLocale } : {}),
        ...(preset !== undefined && Number.isInteger(preset) ? { brandingPreset: preset } : {}),
        // Every box ticked: all services, including any published after this form was shown.
        services: services.length >= allServices ? null : services,
        administratorEmail: values.administratorEmail ? values.administratorEmail : null,
      },
    });
    if (!response.ok) return refused(response, values);
    const result = await response.json();
    return { onboarded: { ...result, defaultLocale: isLocale(values.defaultLocale) ? values.defaultLocale : 'ar' } };
  },
} satisfies Actions;
