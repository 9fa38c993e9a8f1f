// The signed-in staff member, as the API sees the request's session cookie.
import { error, type RequestEvent } from '@sveltejs/kit';
import { clientFor, unwrap, type ApiResponse, type SuccessBody } from './api.ts';

/** Who is signed in on this host (pending second factor included), or null. */
export async function currentStaff(event: RequestEvent) {
  const response = await clientFor(event).api.v1.auth.me.$get();
  if (response.status === 401) return null;
  if (!response.ok) error(response.status, { code: 'INTERNAL', message: 'could not read the session' });
  return response.json();
}

/**
 * The body of an API answer a console page needs, or the error page in the user's language: 403 when
 * the role may not, 404 when it does not exist here, 401 (session ended meanwhile) back to sign-in.
 */
export function loaded<R extends ApiResponse>(event: RequestEvent, response: R): Promise<SuccessBody<R>> {
  return unwrap(response, event.locals.requestId);
}
