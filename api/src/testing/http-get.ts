import { request } from 'node:http';

/**
 * GET on 127.0.0.1:`port` over a new connection (no agent, no keep-alive pool): resolves with the status, the
 * `Connection` header and the body, or rejects when the connection fails. For tests of the server's sockets
 * (listening, draining), where an in-process `app.fetch` would not go through them.
 */
export function getOnNewConnection(port: number, path: string): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
