/**
 * `idempotent(deps, { scope })`: Hono middleware that makes a public submission route safe to retry. A
 * request carrying an `Idempotency-Key` (or, for a form posted as is, the hidden `idempotency_key` field)
 * runs once per tenant, scope and key; a retry with the same key and the same body gets the first answer
 * again (`Idempotent-Replayed: true`), not a second record.
 *
 * - Same key, different body: `422 IDEMPOTENCY_KEY_REUSED`. Malformed key, or none on a route that
 *   requires one: `400 IDEMPOTENCY_KEY_INVALID`.
 * - A duplicate that arrives while the first request runs waits for its answer (polling, up to `waitMs`),
 *   then gets `409 IDEMPOTENCY_KEY_IN_FLIGHT`; it never runs the handler a second time.
 * - Only answers below 400 are stored: after a refusal (validation, throttling) or a failure the key is
 *   given back, so the corrected or later retry runs.
 * - Keys are scoped by tenant (row-level security and the key itself): a key used on one tenant's host
 *   means nothing on another's.
 * - Stored answers are replayed for `ttlMs` (24 h); `purgeExpiredKeys` reclaims the rows.
 *
 * - The claim is written in its own short transaction before the handler. The answer is written after it,
 *   in another, unless the handler stores it in its own transaction (`answerWithin` with `c.var.heldKey`,
 *   or `answerPart` in its own statement, as complaint submission does): then it commits with what the
 *   request did. With `claimInHandler` (complaint submission) the handler claims the key itself, first
 *   thing in that same transaction (`c.var.heldKey.claimIn`): one unit of work for the claim, the work and
 *   the answer.
 *
 * Limits: for a handler that does not store its answer itself, a process that dies after the handler
 * committed and before the answer was stored leaves a claim that another request may take over once
 * `leaseMs` has passed, and run again. The body is read into memory to fingerprint it: for large uploads
 * pass `fingerprint`.
 *
 * Mount it on a route of the public group (which resolves the tenant), with the route's submission limit
 * checked in the claim's transaction (a replay does not cost a submission):
 * @example
 *   createRoute({ method: 'post', path: '/complaints', middleware: [idempotent(deps, { scope: 'complaints.create', onClaim: submissionLimit(deps, { operation: 'complaints.create' }) })], … })
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { AppError } from '../shared/errors.ts';
import { withTenant, type TenantTx } from '../tenancy/unit-of-work.ts';
import { FORM_TOKEN_FIELD, IDEMPOTENCY_HEADER, parseIdempotencyKey, REPLAYED_HEADER } from './idempotency.schemas.ts';
import { admit, admitWithin, complete, DEFAULT_POLICY, KeyTaken, release, sha256Hex, storedAnswer, type ClaimStep, type HeldKey, type StoredResponse } from './idempotency.service.ts';

export interface IdempotentOptions {
  /** The operation, stable across releases: `complaints.create`, `open311.requests.create`. */
  scope: string;
  /** Refuse requests without a key (`400 IDEMPOTENCY_KEY_INVALID`). Otherwise they run as usual, unprotected. */
  required?: boolean;
  /** Also accept the key from this field of a form-encoded body (the hidden form token). */
  formField?: string | false;
  ttlMs?: number;
  leaseMs?: number;
  /** How long a duplicate waits for the first request's answer before `409`. */
  waitMs?: number;
  /** What identifies "the same request"; by default the method, path, media type and body (a form by its fields). */
  fingerprint?: (c: Context<AppEnv>) => Promise<string | Uint8Array>;
  /**
   * A check before the handler runs, made in the claim's own transaction (one transaction, not two): the
   * submission limit (`submissionLimit`). A replay skips it; when it throws, nothing is claimed. A request
   * without a key is checked in a transaction of its own.
   */
  onClaim?: ClaimCheck;
  /**
   * The handler claims the key itself, first thing in its own transaction (`c.var.heldKey.claimIn`), and
   * stores its answer there: the claim, the work and the answer commit together, in one unit of work instead
   * of two (issue 14: two round trips fewer). A duplicate's claim then waits on the first one's row until it
   * commits (a replay) or rolls back (it runs). The handler reads and checks the body before claiming; a
   * refusal or failure after the key was claimed still takes the submission limit's token, as before.
   */
  claimInHandler?: boolean;
}

/**
 * A check made when a key is claimed (`onClaim`). With `inClaim`, its work is done in the claim's own
 * statement (`ClaimStep`: one round trip for both; null when there is nothing to do for this request); the
 * function itself is for a request without a key, in a transaction of its own.
 */
export type ClaimCheck = ((c: Context<AppEnv>, tx: TenantTx) => Promise<void>) & { inClaim?: (c: Context<AppEnv>) => ClaimStep | null };

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/**
 * The method, path and body. A form is read as its fields (sorted by name; files by name, type and
 * SHA-256), since a browser sends the same form with a new multipart boundary each time.
 */
async function defaultFingerprint(c: Context<AppEnv>): Promise<string | Uint8Array> {
  const url = new URL(c.req.url);
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const head = `${c.req.method}\n${url.pathname}${url.search}\n${mediaType}\n`;
  if (FORM_TYPES.test(mediaType)) {
    const fields: [string, string][] = [];
    for (const [name, value] of (await c.req.formData()).entries()) {
      fields.push([name, typeof value === 'string' ? value : `file ${value.name} ${value.type} ${sha256Hex(new Uint8Array(await value.arrayBuffer()))}`]);
    }
    fields.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `${head}${JSON.stringify(fields)}`;
  }
  const body = new Uint8Array(await c.req.arrayBuffer());
  const encodedHead = new TextEncoder().encode(head);
  const all = new Uint8Array(encodedHead.length + body.length);
  all.set(encodedHead);
  all.set(body, encodedHead.length);
  return all;
}

async function keyOf(c: Context<AppEnv>, formField: string | false): Promise<string | null | 'invalid'> {
  const header = c.req.header(IDEMPOTENCY_HEADER);
  if (header !== undefined) return parseIdempotencyKey(header) ?? 'invalid';
  if (formField && FORM_TYPES.test(c.req.header('content-type') ?? '')) {
    const value = (await c.req.parseBody())[formField];
    if (value === undefined) return null;
    return (typeof value === 'string' && parseIdempotencyKey(value)) || 'invalid';
  }
  return null;
}

/** A stored answer given again: the same status, media type and bytes. */
function replay(c: Context<AppEnv>, response: StoredResponse): Response {
  const { status, contentType, body } = response;
  const headers = { ...(contentType ? { 'Content-Type': contentType } : {}), [REPLAYED_HEADER]: 'true' };
  return body.length > 0 ? c.body(new Uint8Array(body), status as ContentfulStatusCode, headers) : c.body(null, status as ContentfulStatusCode, headers);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function idempotent(deps: Pick<AppDeps, 'db' | 'clock'>, options: IdempotentOptions) {
  const policy = { ttlMs: options.ttlMs ?? DEFAULT_POLICY.ttlMs, leaseMs: options.leaseMs ?? DEFAULT_POLICY.leaseMs };
  const waitMs = options.waitMs ?? 10_000;
  const formField = options.formField === undefined ? FORM_TOKEN_FIELD : options.formField;
  if (!/^[a-z][a-z0-9_.:-]{0,79}$/.test(options.scope)) throw new Error(`idempotency scope '${options.scope}' is not a valid scope`);

  return createMiddleware<AppEnv>(async (c, next) => {
    const key = await keyOf(c, formField);
    if (key === 'invalid') throw new AppError('IDEMPOTENCY_KEY_INVALID', `${IDEMPOTENCY_HEADER} must be 16 to 255 characters from A–Z a–z 0–9 _ - . : + / =`);
    const resolved = c.get('resolved');
    if (!resolved) throw new Error('idempotent() runs after tenantFromHost()');
    const onClaim = options.onClaim;
    if (key === null) {
      if (options.required) throw new AppError('IDEMPOTENCY_KEY_INVALID', `this request needs an ${IDEMPOTENCY_HEADER} header`);
      if (onClaim) await withTenant(deps.db, { id: resolved.tenant.id }, (tx) => onClaim(c, tx));
      return next();
    }
    const id = { tenantId: resolved.tenant.id, scope: options.scope, keyHash: sha256Hex(key) };
    const requestHash = sha256Hex(await (options.fingerprint ?? defaultFingerprint)(c));

    const claimWork = onClaim && (onClaim.inClaim ? (onClaim.inClaim(c) ?? undefined) : (tx: TenantTx) => onClaim(c, tx));
    if (options.claimInHandler) {
      const attempt = { ...id, requestHash, now: deps.clock() };
      let claimTried = false;
      let refusedAtClaim = false;
      let taken = false;
      const held: HeldKey = {
        id,
        claimedAt: attempt.now,
        answered: false,
        claimIn: async (tx) => {
          claimTried = true;
          // Afresh each time: a unit of work may run twice (a prepared plan refused after a migration, db/prepared.ts).
          refusedAtClaim = false;
          let admission;
          try {
            admission = await admitWithin(tx, attempt, policy, claimWork);
          } catch (err) {
            refusedAtClaim = true;
            throw err;
          }
          if (admission.kind !== 'run') {
            taken = true;
            throw new KeyTaken(admission);
          }
        },
        answerTaken: async (err) => {
          if (err.admission.kind === 'replay') return replay(c, err.admission.response);
          // Held by a claim committed on its own (by a request admitted before its handler, or one whose
          // holder died before its lease ended): wait for its answer, without taking the key over.
          const giveUpAt = Date.now() + waitMs;
          let pause = 25;
          while (Date.now() < giveUpAt) {
            await sleep(Math.min(pause, Math.max(1, giveUpAt - Date.now())));
            pause = Math.min(pause * 2, 500);
            const stored = await storedAnswer(deps.db, id);
            if (stored === null) break;
            if (stored !== 'in_flight') return replay(c, stored);
          }
          throw new AppError('IDEMPOTENCY_KEY_IN_FLIGHT', 'a request with this Idempotency-Key is still being processed; retry in a moment');
        },
      };
      c.set('heldKey', held);
      await next();
      if (c.error) {
        // Refused or failed once past the point where the two-transaction way takes its token (the claim,
        // before the handler): the token is taken in a transaction of its own, since the handler's rolled
        // back. Not for a replay, a duplicate, or a refusal of the claim itself (which took nothing).
        if (onClaim && !taken && !refusedAtClaim) await withTenant(deps.db, { id: id.tenantId }, (tx) => onClaim(c, tx)).catch(() => {});
      } else if (!taken && c.res.status < 400 && !held.answered) {
        if (!claimTried) throw new Error(`idempotency scope ${options.scope}: the handler answered without claiming its key`);
        await complete(deps.db, id, attempt.now, { status: c.res.status, contentType: c.res.headers.get('content-type'), body: new Uint8Array(await c.res.clone().arrayBuffer()) });
      }
      return;
    }
    const giveUpAt = Date.now() + waitMs;
    let pause = 25;
    for (;;) {
      const admission = await admit(deps.db, { ...id, requestHash, now: deps.clock() }, policy, claimWork);
      if (admission.kind === 'replay') return replay(c, admission.response);
      if (admission.kind === 'run') {
        const held: HeldKey = { id, claimedAt: admission.claimedAt, answered: false };
        c.set('heldKey', held);
        let stored = false;
        try {
          await next();
          if (!c.error && c.res.status < 400 && held.answered) stored = true;
          else if (!c.error && c.res.status < 400) {
            const body = new Uint8Array(await c.res.clone().arrayBuffer());
            stored = await complete(deps.db, id, admission.claimedAt, { status: c.res.status, contentType: c.res.headers.get('content-type'), body });
          }
        } finally {
          if (!stored) await release(deps.db, id, admission.claimedAt);
        }
        return;
      }
      if (Date.now() >= giveUpAt) {
        throw new AppError('IDEMPOTENCY_KEY_IN_FLIGHT', 'a request with this Idempotency-Key is still being processed; retry in a moment');
      }
      await sleep(Math.min(pause, Math.max(1, giveUpAt - Date.now())));
      pause = Math.min(pause * 2, 500);
    }
  });
}
