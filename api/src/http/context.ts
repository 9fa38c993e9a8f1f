import type { HeldKey } from '../idempotency/idempotency.service.ts';
import type { StaffPrincipal, ValidatedSession } from '../sessions/sessions.service.ts';
import type { RequestOrigin } from '../site/site.service.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';

export type { AppDeps } from '../app-deps.ts';

export interface AppEnv {
  Bindings: {
    /** Given by an in-process caller (web) from the connection it served; never read from a header. */
    clientAddress?: string;
    /**
     * Given by an in-process caller (web) for the API calls of one page: a session is validated once for
     * all of them (by tenant and token) instead of once per call. Any state-changing call empties it.
     */
    sessionChecks?: Map<string, Promise<ValidatedSession | null>>;
    /** Set by an in-process caller (web): its JSON answers keep their object, written as JSON only if read (`http/in-process-json.ts`). */
    inProcess?: boolean;
    /** The Node request, when served by @hono/node-server. */
    incoming?: { socket?: { remoteAddress?: string } };
  };
  Variables: {
    requestId: string;
    /** Set by the `tenantFromHost` middleware on tenant-scoped routes. */
    resolved: ResolvedTenant;
    origin: RequestOrigin;
    /** Set by `requireStaff` on protected routes. */
    staff: StaffPrincipal;
    /** Set by `idempotent` while a request holds its key: the handler may store its answer in its own transaction. */
    heldKey?: HeldKey;
  };
}
