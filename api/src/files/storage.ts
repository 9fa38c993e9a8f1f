import { Readable } from 'node:stream';

/** What may be written: bytes in hand, or a stream read as it is written (never held whole). */
export type StorageBody = Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** An object read back: its bytes as a stream (read as it is consumed), its size and type. */
export interface StoredObject {
  body: ReadableStream<Uint8Array>;
  size: number;
  contentType: string;
}

/**
 * Where file bytes live: local disk (default) or an S3-compatible bucket. Keys are made by `storageKey`
 * (the tenant id first); every implementation refuses any other shape, so no key can leave its root.
 * What a file is (its tenant, purpose, hash) is in the `tenant_files` table, under row-level security;
 * storage only keeps bytes.
 */
export interface Storage {
  readonly kind: 'disk' | 's3';
  /**
   * Writes the object whole or not at all: a body that fails midway (a size limit, a client gone)
   * leaves nothing under `key`, and the error is rethrown as it was.
   */
  put(key: string, body: StorageBody, contentType: string): Promise<{ size: number }>;
  /** The object, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes the object; no error when there is none. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  close(): Promise<void>;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/**
 * `<tenant uuid>/<segment>[/<segment>…]`, segments of lower-case letters, digits, `_` and `-`: no dot,
 * so no `..`, no hidden name, and nothing an implementation's own files (`.tmp/`, `*.meta.json`) can
 * collide with.
 */
const KEY = new RegExp(`^${UUID}(/[a-z0-9][a-z0-9_-]{0,63}){1,4}$`);

export class InvalidStorageKeyError extends Error {
  constructor(key: string) {
    super(`not a storage key: ${JSON.stringify(key.slice(0, 200))}`);
    this.name = 'InvalidStorageKeyError';
  }
}

/** Throws unless `key` has the one shape keys have (see `KEY`). */
export function assertStorageKey(key: string): void {
  if (!KEY.test(key)) throw new InvalidStorageKeyError(key);
}

/**
 * The key of a tenant's file: the tenant first, so a tenant's files can be listed, exported or removed
 * together (and a bucket policy can be written per tenant).
 *
 * @example storageKey('9b2e…', 'logo', '0c41…') // → '9b2e…/logo/0c41…'
 */
export function storageKey(tenantId: string, purpose: string, fileId: string): string {
  const key = `${tenantId.toLowerCase()}/${purpose.replaceAll('_', '-')}/${fileId.toLowerCase()}`;
  assertStorageKey(key);
  return key;
}

/** Any body as a Node stream, for the clients that write. */
export function toNodeStream(body: StorageBody): Readable {
  if (body instanceof Uint8Array) return Readable.from([body]);
  if (body instanceof ReadableStream) return Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
  return Readable.from(body);
}
