import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import type { StorageConfig } from '../config.ts';
import { assertStorageKey, toNodeStream, type Storage, type StorageBody, type StoredObject } from './storage.ts';

export type S3StorageConfig = Extract<StorageConfig, { kind: 's3' }>;

/** Parts of a multipart upload: S3's minimum, so at most this much (× queue size) is held in memory. */
const PART_SIZE = 5 * 1024 * 1024;

/**
 * Files in an S3-compatible bucket (AWS S3, MinIO, Garage, a provider's), under the same keys as on
 * disk. Uploads stream through `@aws-sdk/lib-storage` (one request for a small body, a multipart
 * upload for a large one, aborted when the body fails, so nothing is left under the key). Checksums
 * are sent only where the API requires them: many S3-compatible servers refuse the SDK's newer default
 * (CRC32 trailers on every request).
 */
export function createS3Storage(config: S3StorageConfig): Storage {
  const client = new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.credentials ? { credentials: { ...config.credentials } } : {}),
    forcePathStyle: config.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = config.bucket;

  return {
    kind: 's3',

    async put(key: string, body: StorageBody, contentType: string) {
      assertStorageKey(key);
      let size = 0;
      const source = toNodeStream(body);
      async function* counted() {
        for await (const chunk of source) {
          size += (chunk as Uint8Array).byteLength;
          yield chunk as Uint8Array;
        }
      }
      // The body's own error (a size limit) is what the caller must see, not the SDK's wrapping of it.
      let failure: unknown = null;
      source.once('error', (err) => (failure ??= err));
      const upload = new Upload({
        client,
        params: { Bucket, Key: key, Body: Readable.from(counted()), ContentType: contentType },
        partSize: PART_SIZE,
        queueSize: 2,
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (err) {
        source.destroy();
        throw failure ?? err;
      }
      return { size };
    },

    async get(key: string): Promise<StoredObject | null> {
      assertStorageKey(key);
      try {
        const out = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        if (!out.Body) return null;
        return {
          body: out.Body.transformToWebStream() as ReadableStream<Uint8Array>,
          size: out.ContentLength ?? 0,
          contentType: out.ContentType ?? 'application/octet-stream',
        };
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },

    async delete(key: string) {
      assertStorageKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },

    async exists(key: string) {
      assertStorageKey(key);
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return true;
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
    },

    async close() {
      client.destroy();
    },
  };
}

function isNotFound(err: unknown): boolean {
  return err instanceof S3ServiceException && (err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404);
}
