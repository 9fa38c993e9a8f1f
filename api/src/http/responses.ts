import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';

import { ErrorSchema } from './openapi.ts';

const DESCRIPTIONS = {
  400: 'Malformed Host header, or JSON_TOO_DEEP (nested deeper than 32)',
  401: 'UNAUTHENTICATED (no session valid on this host), TWO_FACTOR_REQUIRED, INVALID_CREDENTIALS',
  403: 'FORBIDDEN (role) or CSRF_FAILED',
  404: 'Unknown host or resource',
  409: 'Conflict (ALREADY_MEMBER, LAST_ADMINISTRATOR, TOTP_ALREADY_ENABLED, TOTP_NOT_ENROLLED)',
  410: 'INVITATION_USED, INVITATION_REVOKED, INVITATION_EXPIRED, RESET_LINK_INVALID: the link was used, withdrawn or has expired',
  422: 'VALIDATION_FAILED, PASSWORD_TOO_SHORT, PASSWORD_TOO_COMMON, INVALID_CODE',
  429: 'TOO_MANY_ATTEMPTS (from this client), or NEW_DEVICES_LOCKED (this account, from devices it has not signed in from); with Retry-After',
  503: 'The tenant is suspended',
} as const;

type Status = keyof typeof DESCRIPTIONS;

type ErrorResponse = { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } };

/**
 * OpenAPI error responses in the one error shape (400, 404 and 503 of host resolution always included).
 *
 * @example responses: { 200: …, ...errorResponses(401, 403, 422) }
 */
export function errorResponses<S extends Status>(...statuses: S[]): Record<S | 400 | 404 | 503, ErrorResponse> {
  const out = {} as Record<Status, ErrorResponse>;
  for (const s of [400, 404, 503, ...statuses] as Status[]) {
    out[s] = { description: DESCRIPTIONS[s], content: { 'application/json': { schema: ErrorSchema } } };
  }
  return out;
}

/** A JSON response of `schema`. */
export function jsonContent<S extends z.ZodType>(schema: S, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** A required JSON request body of `schema`. */
export function jsonBody<S extends z.ZodType>(schema: S) {
  return { body: { content: { 'application/json': { schema } }, required: true } };
}

/** One error response in the API's error shape, for a status `errorResponses` does not describe (413, 415…) or a route-specific reading of one it does. */
export function errorResponse(description: string): ErrorResponse {
  return { description, content: { 'application/json': { schema: ErrorSchema } } };
}

/** The OpenAPI security scheme of the staff session cookie (declared in `app.ts`). */
export const SESSION_SCHEME = 'session';

/** `security` of an operation that needs a signed-in staff member. */
export const SESSION_SECURITY = [{ [SESSION_SCHEME]: [] as string[] }];

/** `security` of an operation anyone may call (stated, so that a reader knows it was meant). */
export const PUBLIC_SECURITY: { [scheme: string]: string[] }[] = [];

/**
 * States in the OpenAPI document who may call a group's operations (the middleware enforces it): each
 * group in `app.ts` calls it once, after its routes are mounted and before the group is mounted itself.
 * An operation that declared its own `security` keeps it (`/auth/me` needs a session in the public group).
 */
export function documentSecurity(router: OpenAPIHono<any, any, any>, security: { [scheme: string]: string[] }[]): void {
  for (const def of router.openAPIRegistry.definitions) {
    if (def.type === 'route') def.route.security ??= security;
  }
}

/** The operations' tags, described once for the document. */
export const OPENAPI_TAGS = [
  { name: 'audit', description: 'Who changed what, when and from where' },
  { name: 'auth', description: 'Signing in and out, the second factor, passwords' },
  { name: 'branding', description: "A tenant's colours and logo" },
  { name: 'catalogue', description: 'The services a tenant offers, and their offices' },
  { name: 'catalogue admin', description: 'How a tenant offers each service, and national catalogue versions' },
  { name: 'complaints', description: "Residents' complaints and problem reports: filing, tracking, the public map, statistics" },
  { name: 'complaints admin', description: 'The staff queue of complaints, replies, states, settings and Open311 keys' },
  { name: 'content', description: 'The public site’s windows (council, sessions, projects, tenders, news…), feeds and open data, and their editing' },
  { name: 'dashboard', description: "The console's first screen" },
  { name: 'mail', description: 'The mail outbox' },
  { name: 'offices', description: "A tenant's offices, for its administrators" },
  { name: 'onboarding', description: "The national operator's tenants: onboarding, domains, statistics, conformance" },
  { name: 'operator', description: "The national operator's account management" },
  { name: 'operator access', description: "A tenant's grants letting the national operator see residents' personal data, and the operator's view of a tenant's requests" },
  { name: 'platform', description: 'Questions about the platform itself, with no tenant' },
  { name: 'site', description: 'The tenant at the Host: names, languages, branding, home page' },
  { name: 'staff', description: "A tenant's staff and invitations" },
];
