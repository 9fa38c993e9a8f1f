import { defineParams } from '@sveltejs/kit/params';
import { locale } from './locale.ts';
import { window } from './window.ts';

// SvelteKit 3 reads every matcher from this one module (`[lang=locale]` uses `locale`, `[window=window]` `window`).
export const params = defineParams({ locale, window });
