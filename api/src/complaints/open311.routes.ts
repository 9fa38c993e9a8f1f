import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { tenantFromHost } from '../http/tenant-from-host.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { AppError, ERROR_STATUS } from '../shared/errors.ts';
import { normaliseHost } from '../tenancy/host.ts';
import { submissionLimit } from '../throttling/throttle-submissions.ts';
import { PER_TENANT } from '../throttling/throttling.service.ts';
import { CONTENT_TYPES, formatOfPath, splitFormat, toXml, type Open311Format, type XmlValue } from './open311.format.ts';
import {
  checkJurisdiction,
  open311Client,
  open311Locale,
  open311Request,
  open311Requests,
  open311ServiceDefinition,
  open311Services,
  open311Submit,
  open311Token,
  Open311Error,
  type Open311Answers,
  type Open311Context,
  type Open311Submission,
} from './open311.service.ts';

/** The date this API last changed in a way clients should notice (GeoReport's `changeset`). */
export const OPEN311_CHANGESET = '2026-12-06T03:00:00+01:00';
export const GEOREPORT_V2 = 'http://wiki.open311.org/GeoReport_v2';

type Env = AppEnv & { Variables: AppEnv['Variables'] & { open311Client: string } };
type C = Context<Env>;

function send(c: C, format: Open311Format, root: string, value: unknown, status: ContentfulStatusCode = 200) {
  const body = format === 'json' ? JSON.stringify(value) : toXml(root, value as XmlValue);
  return c.body(body, status, { 'Content-Type': CONTENT_TYPES[format] });
}

function sendError(c: C, status: ContentfulStatusCode, description: string) {
  return send(c, formatOfPath(c.req.path), 'errors', [{ code: status, description }], status);
}

function hostOf(c: C): string {
  return normaliseHost(c.req.header('host') ?? '') ?? '';
}

function contextOf(c: C, locale: string | undefined): Open311Context {
  const { protocol, port } = c.var.origin;
  return { resolved: c.var.resolved, origin: `${protocol}//${hostOf(c)}${port}`, locale: open311Locale(c.var.resolved, locale) };
}

/** The named file's format, or 404 in JSON when the extension is neither `.json` nor `.xml`. */
function fileOf(c: C): { name: string; format: Open311Format } {
  const file = splitFormat(decodeURIComponent(c.req.param('file') ?? ''));
  if (!file) throw new Open311Error(404, 'ask for .json or .xml');
  return file;
}

/** `attribute[code]` or `attribute[code][]` (a list's repeated answers). */
const ATTRIBUTE = /^attribute\[([^\]]*)\](\[\])?$/;

/**
 * Query parameters, then (for a POST) form fields over them: clients send `api_key` either way. The
 * attributes (`attribute[code]=value`, repeated for a multivaluelist) apart, by code.
 */
async function fieldsOf(c: C): Promise<{ fields: Record<string, string>; answers: Open311Answers }> {
  const fields: Record<string, string> = { ...c.req.query() };
  const answers: Open311Answers = {};
  if (c.req.method === 'POST') {
    const type = c.req.header('content-type') ?? '';
    if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) throw new Open311Error(400, 'send the request as application/x-www-form-urlencoded');
    for (const [name, value] of Object.entries(await c.req.parseBody({ all: true }))) {
      const strings = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
      const attribute = ATTRIBUTE.exec(name);
      if (attribute) (answers[attribute[1] as string] ??= []).push(...strings);
      else if (strings.length > 0) fields[name] = strings[strings.length - 1] as string;
    }
  }
  return { fields, answers };
}

/**
 * Open311 GeoReport v2 on each tenant's host, `/open311/…`: discovery, services, service requests (read,
 * and filed by clients holding an API key), tokens. Its own error format (`[{code, description}]`, or
 * `<errors><error>…`), in the format the path asks for.
 */
export function open311Routes(deps: AppDeps) {
  const app = new Hono<Env>();
  app.onError((err, c) => {
    if (err instanceof Open311Error) return sendError(c, err.status, err.message);
    if (err instanceof AppError) {
      const status = ERROR_STATUS[err.code];
      if (err.code === 'DATABASE_UNAVAILABLE' || err.code === 'TENANT_SUSPENDED') c.header('Retry-After', '5');
      const wait = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (typeof wait === 'number') c.header('Retry-After', String(Math.max(1, Math.ceil(wait))));
      return sendError(c, status, err.code === 'TENANT_NOT_FOUND' ? 'jurisdiction not found' : err.message);
    }
    deps.logger.error({ err, requestId: c.get('requestId') }, 'open311 request failed');
    return sendError(c, 500, 'internal error');
  });
  app.use(tenantFromHost(deps));
  // Reads are public data: any web page may fetch them.
  app.use(async (c, next) => {
    await next();
    if (c.req.method === 'GET') c.header('Access-Control-Allow-Origin', '*');
  });

  const discovery = (format: Open311Format) => async (c: C) => {
    const ctx = contextOf(c, c.req.query('locale'));
    const name = ctx.resolved.tenant.names[ctx.locale] ?? ctx.resolved.tenant.slug;
    return send(c, format, 'discovery', {
      changeset: OPEN311_CHANGESET,
      contact: `${name} — ${ctx.origin}`,
      key_service: `API keys are issued by the administrators of ${name}, in its console (${ctx.origin}/${ctx.locale}/admin/complaints/keys)`,
      endpoints: [
        { specification: GEOREPORT_V2, url: `${ctx.origin}/open311/v2`, changeset: OPEN311_CHANGESET, type: 'production', formats: ['application/json', 'text/xml'] },
      ],
    });
  };

  const services = (format: Open311Format) => async (c: C) => {
    const ctx = contextOf(c, c.req.query('locale'));
    checkJurisdiction(ctx.resolved, hostOf(c), c.req.query('jurisdiction_id'));
    return send(c, format, 'services', await open311Services(deps, ctx));
  };

  const requests = (format: Open311Format) => async (c: C) => {
    const q = c.req.query();
    const ctx = contextOf(c, q.locale);
    checkJurisdiction(ctx.resolved, hostOf(c), q.jurisdiction_id);
    return send(c, format, 'service_requests', await open311Requests(deps, ctx, q));
  };

  // The key is checked before anything else of a submission (idempotency included): no key, no work.
  const requireKey = async (c: C, next: () => Promise<void>) => {
    const { fields } = await fieldsOf(c);
    checkJurisdiction(c.var.resolved, hostOf(c), fields.jurisdiction_id);
    c.set('open311Client', await open311Client(deps, { resolved: c.var.resolved }, fields.api_key));
    await next();
  };
  // A client retrying a submission (a timeout, a lost answer) sends the same `Idempotency-Key` header or
  // `idempotency_key` field: one complaint, the first answer again.
  // A client is a server that may file for many residents: its address gets the tenant's allowance, not a
  // resident's; the tenant's own bucket for Open311 still bounds what a leaked key can do. Checked in the
  // key's claim (a replay costs nothing).
  const limit = submissionLimit(deps, { operation: 'open311.requests.create', perAddress: PER_TENANT, perTenant: PER_TENANT });
  const once = idempotent(deps, { scope: 'open311.requests.create', formField: 'idempotency_key', onClaim: limit });

  const submit = (format: Open311Format) => async (c: C) => {
    const { fields, answers } = await fieldsOf(c);
    const ctx = contextOf(c, fields.locale);
    const answer = await open311Submit(deps, ctx, fields as Open311Submission, c.var.open311Client, answers);
    // 200, not 201: clients written against the specification's examples expect it.
    return send(c, format, 'service_requests', answer, 200);
  };

  for (const format of ['json', 'xml'] as const) {
    app.get(`/discovery.${format}`, discovery(format));
    app.get(`/v2/discovery.${format}`, discovery(format));
    app.get(`/v2/services.${format}`, services(format));
    app.get(`/v2/requests.${format}`, requests(format));
    app.post(`/v2/requests.${format}`, requireKey, once, submit(format));
  }
  app.get('/v2/services/:file', async (c) => {
    const { name, format } = fileOf(c);
    const ctx = contextOf(c, c.req.query('locale'));
    checkJurisdiction(ctx.resolved, hostOf(c), c.req.query('jurisdiction_id'));
    return send(c, format, 'service_definition', await open311ServiceDefinition(deps, ctx, name));
  });
  app.get('/v2/requests/:file', async (c) => {
    const { name, format } = fileOf(c);
    const ctx = contextOf(c, c.req.query('locale'));
    checkJurisdiction(ctx.resolved, hostOf(c), c.req.query('jurisdiction_id'));
    return send(c, format, 'service_requests', await open311Request(deps, ctx, name));
  });
  app.get('/v2/tokens/:file', async (c) => {
    const { name, format } = fileOf(c);
    const ctx = contextOf(c, c.req.query('locale'));
    checkJurisdiction(ctx.resolved, hostOf(c), c.req.query('jurisdiction_id'));
    return send(c, format, 'service_requests', await open311Token(deps, ctx, name));
  });
  app.all('*', (c) => sendError(c, 404, 'no such Open311 resource'));
  return app;
}
