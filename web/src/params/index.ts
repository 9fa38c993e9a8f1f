import { defineParams } from '@sveltejs/kit/params';
import { icon } from './icon.ts';
import { locale } from './locale.ts';
import { window } from './window.ts';

// SvelteKit 3 reads every matcher from this one module (`[lang=locale]` uses `locale`, `[window=window]` `window`, `[icon=icon]` `icon`).
export const params = defineParams({ icon, locale, window });
