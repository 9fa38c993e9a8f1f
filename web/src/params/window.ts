import { CONTENT_WINDOWS } from '@jamaa/api/content/content.schemas.ts';

/**
 * Matches a content window's address below `/{locale}/` (`city`, `council`, `news`…). `sessions` lives at
 * `/{locale}/council/sessions`, its own route, so it is not matched here.
 */
export function window(param: string): string | undefined {
  return param !== 'sessions' && (CONTENT_WINDOWS as string[]).includes(param) ? param : undefined;
}
