import { SITE_ICON_NAMES, type SiteIconName } from '@jamaa/api/site/site.schemas.ts';

/**
 * Matches the tenant's icons at the root of its host (`/favicon.svg`, `/icon-192.png`,
 * `/apple-touch-icon.png`…), drawn per tenant by the API.
 */
export function icon(param: string): SiteIconName | undefined {
  return (SITE_ICON_NAMES as readonly string[]).includes(param) ? (param as SiteIconName) : undefined;
}
