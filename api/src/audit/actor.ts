/** A signed-in staff member who does something: what the audit log keeps of them. */
export interface Actor {
  id: string;
  email: string;
}

/** Where a change came from: the client address and the request id, as the log shows them. */
export interface RequestMeta {
  ip: string | null;
  requestId: string | null;
  /** The browser's User-Agent (cut to 300 characters): recorded on sessions, not in the audit log. */
  userAgent?: string | null;
}

/**
 * Who made a change, when and from where: what a service needs to audit it. The one builder is
 * `http/request.ts: changeContext`, called by the route after `requireStaff`.
 */
export interface ChangeContext {
  actor: Actor;
  meta: RequestMeta;
  at: Date;
}
