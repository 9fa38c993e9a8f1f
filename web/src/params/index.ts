import { defineParams } from '@sveltejs/kit/params';
import { locale } from './locale.ts';

// SvelteKit 3 reads every matcher from this one module (`[lang=locale]` uses `locale`).
export const params = defineParams({ locale });
