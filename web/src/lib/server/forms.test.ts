import { describe, expect, it } from 'vitest';
import { formValues, keptValues, refused } from './forms.ts';

const apiError = (status: number, code: string, details?: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ error: { code, message: 'x', details, requestId: 'r' } }), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('form failures', () => {
  it('turns validation details into field errors, "required" when the field was left empty', async () => {
    const failure = await refused(
      apiError(422, 'VALIDATION_FAILED', [
        { path: 'email', code: 'invalid_format' },
        { path: 'names.fr', code: 'too_small' },
        { path: 'names.ar', code: 'too_big' },
      ]),
      { email: 'not-an-email', names: '' },
    );
    expect(failure.status).toBe(422);
    expect(failure.data).toEqual({ code: 'VALIDATION_FAILED', fields: { email: 'invalid_format', names: 'required' }, values: { email: 'not-an-email', names: '' } });
  });

  it('keeps what was typed but never a password, code or token', async () => {
    const failure = await refused(apiError(401, 'INVALID_CREDENTIALS'), { email: 'a@b.ma', password: 'secret', code: '123456', next: '/fr/admin' });
    expect(failure.data.values).toEqual({ email: 'a@b.ma', next: '/fr/admin' });
    expect(keptValues({ newPassword: 'x', confirmPassword: 'y', token: 'z', name: 'n' })).toEqual({ name: 'n' });
  });

  it('passes on how long to wait after too many attempts', async () => {
    const failure = await refused(apiError(429, 'TOO_MANY_ATTEMPTS', undefined, { 'retry-after': '60' }), {});
    expect(failure.status).toBe(429);
    expect(failure.data.retryAfter).toBe(60);
  });

  it('reads an answer that is not JSON as an internal error', async () => {
    const failure = await refused(new Response('boom', { status: 502 }), {});
    expect(failure.data.code).toBe('INTERNAL');
  });

  it('reads text fields of a form, not files', () => {
    const data = new FormData();
    data.set('email', 'a@b.ma');
    data.set('logo', new File(['x'], 'logo.png'));
    expect(formValues(data)).toEqual({ email: 'a@b.ma' });
  });
});
