import { createHash, randomUUID } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { FilePurpose } from '../db/schema.ts';
import { AppError, type ErrorCode } from '../shared/errors.ts';
import { listTenantIds } from '../tenancy/tenants.repository.ts';
import { actAsTenant, lockStartup, withProvisioning, type TenantTx } from '../tenancy/unit-of-work.ts';
import {
  deleteFileRows,
  findFileRow,
  hasStartupStepRun,
  insertFileRow,
  listLegacyFiles,
  markFileStored,
  recordStartupStep,
  type FileRow,
} from './files.repository.ts';
import { DECODABLE_IMAGE_TYPES, ImageRefused, reencodeImage, type ImageRule } from './images.ts';
import { storageKey, type Storage, type StorageBody, type StoredObject } from './storage.ts';

export type { FilePurpose } from '../db/schema.ts';
export type { FileRow } from './files.repository.ts';

export const FILE_PURPOSES = ['logo', 'complaint_photo', 'document', 'image', 'attachment'] as const satisfies readonly FilePurpose[];

export interface PurposeRule {
  /** Bytes as uploaded; counted while reading, the upload is abandoned past it. */
  maxBytes: number;
  /** Accepted images are re-encoded so; null: no image accepted. */
  image: ImageRule | null;
  /** PDF accepted (kept as sent, never re-encoded). */
  pdf: boolean;
  /** The codes of a refusal: an image-only purpose says "image", the others "file". */
  tooLarge: Extract<ErrorCode, 'IMAGE_TOO_LARGE' | 'FILE_TOO_LARGE'>;
  unsupported: Extract<ErrorCode, 'UNSUPPORTED_IMAGE' | 'UNSUPPORTED_FILE_TYPE'>;
}

const MB = 1024 * 1024;
const IMAGE_ONLY = { pdf: false, tooLarge: 'IMAGE_TOO_LARGE', unsupported: 'UNSUPPORTED_IMAGE' } as const;
const ANY_FILE = { tooLarge: 'FILE_TOO_LARGE', unsupported: 'UNSUPPORTED_FILE_TYPE' } as const;
/** A phone photo: 12–50 megapixels, sent as JPEG (a browser converts HEIC when uploading). */
const PHOTO: ImageRule = { format: 'jpeg', maxSide: 2048, maxInputPixels: 8192 * 8192 };

/** What each purpose accepts. Types are judged from the bytes, never from a name or a declared type. */
export const PURPOSE_RULES: Readonly<Record<FilePurpose, PurposeRule>> = {
  /** A tenant's logo: stored as PNG within 512 × 512 (transparency kept). */
  logo: { maxBytes: 2 * MB, image: { format: 'png', maxSide: 512, maxInputPixels: 4096 * 4096 }, ...IMAGE_ONLY },
  /** A resident's photo of a problem: its position must not leak (EXIF GPS dropped by re-encoding). */
  complaint_photo: { maxBytes: 12 * MB, image: PHOTO, ...IMAGE_ONLY },
  /** An image of public content (news, projects). */
  image: { maxBytes: 12 * MB, image: { format: 'webp', maxSide: 2560, maxInputPixels: 8192 * 8192 }, ...IMAGE_ONLY },
  /** A published document (budget, minutes, decisions): PDF only. */
  document: { maxBytes: 25 * MB, image: null, pdf: true, ...ANY_FILE },
  /** A file joined to a request or reply: a PDF or a photo. */
  attachment: { maxBytes: 12 * MB, image: PHOTO, pdf: true, ...ANY_FILE },
};

/** A file whose bytes are in storage and whose row is not written yet (see `recordFile`). */
export interface StoredFile {
  tenantId: string;
  id: string;
  purpose: FilePurpose;
  storageKey: string;
  contentType: string;
  size: number;
  sha256: string;
  /** Of an image; null for a PDF. */
  width: number | null;
  height: number | null;
}

/** Enough bytes for every signature `file-type` reads. */
const SNIFF_BYTES = 4100;

function accepted(rule: PurposeRule): string[] {
  return [...(rule.image ? DECODABLE_IMAGE_TYPES : []), ...(rule.pdf ? ['application/pdf'] : [])];
}

function tooLarge(rule: PurposeRule, purpose: FilePurpose, size: number | null): AppError {
  return new AppError(rule.tooLarge, `a ${purpose} file is at most ${rule.maxBytes} bytes`, { maxBytes: rule.maxBytes, ...(size === null ? {} : { size }) });
}

function unsupported(rule: PurposeRule, purpose: FilePurpose, detected: string | null, reason?: string): AppError {
  return new AppError(rule.unsupported, `a ${purpose} file is ${accepted(rule).join(', ')}; got ${detected ?? 'an unknown type'}`, {
    contentType: detected,
    accepted: accepted(rule),
    ...(reason ? { reason } : {}),
  });
}

async function* chunksOf(body: StorageBody): AsyncGenerator<Uint8Array> {
  if (body instanceof Uint8Array) yield body;
  else yield* body as AsyncIterable<Uint8Array>;
}

/** The body's chunks, counted: past `maxBytes` reading stops (the source is cancelled) and `onExceed` is thrown. */
async function* limited(body: StorageBody, maxBytes: number, onExceed: () => Error): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of chunksOf(body)) {
    size += chunk.byteLength;
    if (size > maxBytes) throw onExceed();
    yield chunk;
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export interface UploadOptions {
  /** The Content-Length given, if any: over the limit, refused before reading a byte. */
  declaredSize?: number | null;
}

/**
 * Reads an upload and stores what may be kept of it, before any transaction (decoding and writing take
 * time and must not hold a database connection):
 *
 * - the size is counted as bytes arrive; past the purpose's limit reading stops and the upload is
 *   refused (`IMAGE_TOO_LARGE` / `FILE_TOO_LARGE`, 413) — a refusal for size comes before one for type;
 * - the type is read from the first bytes (`file-type`), whatever the client declared or named it;
 * - a PNG, JPEG or WebP is decoded and written anew by sharp (`reencodeImage`: upright, resized, no
 *   metadata, so a phone photo's GPS position does not survive);
 * - a PDF is streamed to storage as it arrives, byte for byte, hashed on the way;
 * - anything else is refused (`UNSUPPORTED_IMAGE` / `UNSUPPORTED_FILE_TYPE`, 415).
 *
 * Then call `recordFile` in the transaction that uses the file, and `discardFile` if it fails.
 */
export async function storeUpload(storage: Storage, tenantId: string, purpose: FilePurpose, body: StorageBody, options: UploadOptions = {}): Promise<StoredFile> {
  const rule = PURPOSE_RULES[purpose];
  if (options.declaredSize != null && options.declaredSize > rule.maxBytes) throw tooLarge(rule, purpose, options.declaredSize);
  const source = limited(body, rule.maxBytes, () => tooLarge(rule, purpose, null));

  const head: Uint8Array[] = [];
  let headSize = 0;
  let ended = false;
  while (headSize < SNIFF_BYTES) {
    const next = await source.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headSize += next.value.byteLength;
  }
  const detected = (await fileTypeFromBuffer(concat(head)))?.mime ?? null;
  const id = randomUUID();
  const key = storageKey(tenantId, purpose, id);
  const file = { tenantId, id, purpose, storageKey: key };

  if (detected === 'application/pdf' && rule.pdf) {
    const hash = createHash('sha256');
    async function* hashed() {
      for (const chunk of head) yield chunk;
      if (!ended) yield* source;
    }
    async function* through() {
      for await (const chunk of hashed()) {
        hash.update(chunk);
        yield chunk;
      }
    }
    const { size } = await storage.put(key, through(), 'application/pdf');
    return { ...file, contentType: 'application/pdf', size, sha256: hash.digest('hex'), width: null, height: null };
  }

  // Everything else is read to its end (within the limit), so that size is judged before type.
  const imageRule = (DECODABLE_IMAGE_TYPES as readonly (string | null)[]).includes(detected) ? rule.image : null;
  const chunks = [...head];
  if (!ended) {
    for await (const chunk of source) if (imageRule) chunks.push(chunk);
  }
  if (!imageRule) throw unsupported(rule, purpose, detected);

  let image;
  try {
    image = await reencodeImage(concat(chunks), imageRule);
  } catch (err) {
    if (err instanceof ImageRefused) throw unsupported(rule, purpose, detected, err.reason);
    throw err;
  }
  const { size } = await storage.put(key, image.bytes, image.contentType);
  return { ...file, contentType: image.contentType, size, sha256: image.sha256, width: image.width, height: image.height };
}

/**
 * Stores bytes as they are, unchecked: only for files the platform itself ships (the demo tenants'
 * reviewed SVG logos), never for anything a person uploads.
 */
export async function storeVerbatim(storage: Storage, tenantId: string, purpose: FilePurpose, bytes: Uint8Array, contentType: string): Promise<StoredFile> {
  const id = randomUUID();
  const key = storageKey(tenantId, purpose, id);
  const { size } = await storage.put(key, bytes, contentType);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { tenantId, id, purpose, storageKey: key, contentType, size, sha256, width: null, height: null };
}

/** Writes the file's row, in the transaction that puts it to use (`tx` acting as its tenant). */
export async function recordFile(tx: TenantTx, file: StoredFile): Promise<FileRow> {
  return insertFileRow(tx, {
    tenantId: file.tenantId,
    id: file.id,
    purpose: file.purpose,
    contentType: file.contentType,
    size: file.size,
    sha256: file.sha256,
    storageKey: file.storageKey,
  });
}

/** Removes the bytes of a file whose row was never written (its transaction failed). Never throws. */
export async function discardFile(storage: Storage, file: StoredFile, logger?: Logger): Promise<void> {
  await removeStoredObjects(storage, [file.storageKey], logger);
}

/**
 * Runs `use(file)` (which records the file in its transaction); if it fails, the stored bytes are
 * removed and the error rethrown, so a refused change leaves no file behind.
 */
export async function usingStoredFile<T>(storage: Storage, file: StoredFile, use: (file: StoredFile) => Promise<T>, logger?: Logger): Promise<T> {
  try {
    return await use(file);
  } catch (err) {
    await discardFile(storage, file, logger);
    throw err;
  }
}

/**
 * Deletes file rows in the caller's transaction and answers their storage keys: remove the bytes with
 * `removeStoredObjects` once that transaction has committed (bytes removed first and a rollback after
 * would leave a row pointing at nothing).
 */
export async function deleteFiles(
  tx: TenantTx,
  which: { purpose?: FilePurpose; fileId?: string; keepId?: string | null },
): Promise<string[]> {
  const rows = await deleteFileRows(tx, which);
  return rows.flatMap((r) => (r.storageKey ? [r.storageKey] : []));
}

/** Removes stored bytes whose rows are gone. A failure is logged, never thrown: the row is gone already. */
export async function removeStoredObjects(storage: Storage, keys: readonly string[], logger?: Logger): Promise<void> {
  const results = await Promise.allSettled(keys.map((key) => storage.delete(key)));
  results.forEach((r, i) => {
    if (r.status === 'rejected') logger?.warn({ err: r.reason, key: keys[i] }, 'stored file could not be removed (orphaned bytes)');
  });
}

/** A file's row, read as `tenantId` (or a tenant that may read its rows: `tx` decides). */
export async function findFile(tx: TenantTx, tenantId: string, fileId: string): Promise<FileRow | undefined> {
  return findFileRow(tx, tenantId, fileId);
}

/** The bytes of a file, streamed from storage; null when its row has no bytes in storage. */
export async function openFile(storage: Storage, file: Pick<FileRow, 'storageKey'>): Promise<StoredObject | null> {
  return file.storageKey ? storage.get(file.storageKey) : null;
}

const LEGACY_STEP = 'files:legacy-bytes-to-storage';

/**
 * Start-up step, once per database: files stored in the database before 2026_12_04_0040 (logos, as
 * bytea in `legacy_bytes`) are written to storage under their key and their row pointed at it. Under
 * the start-up lock, in one transaction with a marker in `seed_runs`: replicas starting together do it
 * once; a failure midway commits nothing, and the next start writes the same keys again.
 */
export async function moveLegacyFiles(db: Database, storage: Storage): Promise<{ moved: number }> {
  return withProvisioning(db, async (tx) => {
    await lockStartup(tx);
    if (await hasStartupStepRun(tx, LEGACY_STEP)) return { moved: 0 };
    let moved = 0;
    for (const tenantId of await listTenantIds(tx)) {
      const asTenant = await actAsTenant(tx, { id: tenantId });
      for (const file of await listLegacyFiles(asTenant)) {
        const key = storageKey(tenantId, file.purpose, file.id);
        await storage.put(key, file.bytes, file.contentType);
        await markFileStored(asTenant, file.id, key);
        moved++;
      }
    }
    await recordStartupStep(tx, LEGACY_STEP);
    return { moved };
  });
}
