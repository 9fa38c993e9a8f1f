import type { Site } from '@jamaa/api/site/site.schemas.ts';
import type { Locale } from '@jamaa/tenants/locale.ts';

declare global {
  namespace App {
    interface Locals {
      /**
       * The tenant this request's Host resolved to (set in hooks.server.ts), or null when the host is
       * unknown, malformed or the tenant unavailable; then `hostError` says why and the root layout
       * load turns it into an error page.
       */
      site: Site | null;
      hostError: { status: 400 | 404 | 503; code: 'BAD_HOST' | 'TENANT_NOT_FOUND' | 'TENANT_SUSPENDED' } | null;
      /** The platform's own site (`http://localhost:3000`), for "go to the platform" links. */
      platformOrigin: string;
      /** Request id, echoed in error pages and logs. */
      requestId: string;
      /** `Set-Cookie` lines the API sent during this request: hooks.server.ts relays them to the browser. */
      setCookies: string[];
      /** Cookies the API set during this request (name → value, '' when cleared), for later calls. */
      apiCookies: Map<string, string>;
      /** The page's checks of its session, shared by its API calls (see the API's `AppEnv` Bindings). */
      sessionChecks: Map<string, Promise<unknown>>;
    }
    interface Error {
      code: string;
      message: string;
      requestId?: string;
    }
  }
}

export {};
