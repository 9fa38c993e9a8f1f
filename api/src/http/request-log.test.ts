import { Hono } from 'hono';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './context.ts';
import { requestLog } from './request-log.ts';

function appWithLog(lines: Record<string, unknown>[]) {
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('requestId', 'req-7');
    await next();
  });
  app.use(requestLog(logger));
  app.get('/api/v1/services/:code', (c) => c.json({ ok: true }));
  return app;
}

describe('request log', () => {
  it('writes one line per network request: id, route pattern (no path values), status, duration', async () => {
    const lines: Record<string, unknown>[] = [];
    await appWithLog(lines).request('/api/v1/services/birth-certificate-copy?token=secret', {}, { incoming: { socket: {} } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request', requestId: 'req-7', method: 'GET', route: '/api/v1/services/:code', status: 200 });
    expect(typeof lines[0]?.ms).toBe('number');
    expect(JSON.stringify(lines[0])).not.toContain('secret');
  });

  it('leaves in-process calls to the page that made them', async () => {
    const lines: Record<string, unknown>[] = [];
    await appWithLog(lines).request('/api/v1/services/x', {}, { clientAddress: '10.0.0.1' });
    expect(lines).toHaveLength(0);
  });
});
