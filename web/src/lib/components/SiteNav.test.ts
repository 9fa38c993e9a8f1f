import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/i18n.ts';
import SiteNav from './SiteNav.svelte';

const hrefs = (body: string) => [...body.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);

describe('the site navigation', () => {
  it('links only the content windows that have something to show, always the services, offices and contact', () => {
    const { body } = render(SiteNav, { props: { lang: 'ar', pathname: '/ar', windows: ['news', 'sessions'] } });
    expect(hrefs(body)).toEqual(['/ar/services', '/ar/search', '/ar/offices', '/ar/contact', '/ar/complaints', '/ar/news', '/ar/council/sessions']);
    expect(body).toContain(translator('ar')('content:window.sessions'));
    expect(body).not.toContain(translator('ar')('content:window.jobs'));
  });

  it('links every window when it does not know which have content', () => {
    const { body } = render(SiteNav, { props: { lang: 'fr', pathname: '/fr', windows: null } });
    expect(hrefs(body)).toHaveLength(5 + 12);
    expect(hrefs(body)).toContain('/fr/petitions');
  });
});
