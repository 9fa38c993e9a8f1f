import { describe, expect, it } from 'vitest';
import { handleError } from './hooks.server.ts';

type Caught = Parameters<typeof handleError>[0];
const event = { locals: { requestId: 'req-1' }, route: { id: '/[lang=locale]/(public)' } } as unknown as Caught['event'];

describe('handleError', () => {
  it('keeps the code of an error the app raised, with the request id', async () => {
    const result = await handleError({ kind: 'app', error: { code: 'TENANT_SUSPENDED', message: 'x' }, event } as Caught);
    expect(result).toMatchObject({ code: 'TENANT_SUSPENDED', requestId: 'req-1' });
  });

  it("gives SvelteKit's own 404 the not-found code", async () => {
    const result = await handleError({ kind: 'framework', error: { status: 404, message: 'Not Found' }, event } as Caught);
    expect(result).toMatchObject({ code: 'NOT_FOUND', requestId: 'req-1' });
  });

  it('turns a database outage into a 503 that says so, not an internal error', async () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const result = await handleError({ kind: 'unknown', error: outage, event } as Caught);
    expect(result).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE', requestId: 'req-1' });
  });
});
