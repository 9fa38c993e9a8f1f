/**
 * Storage for tests: a temporary directory, or a real S3-compatible server (`s3rver`) on 127.0.0.1 at
 * a random port with a bucket of its own. Both are removed by `dispose`.
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { createDiskStorage } from '../files/disk-storage.ts';
import { createS3Storage, type S3StorageConfig } from '../files/s3-storage.ts';
import type { Storage } from '../files/storage.ts';

export type StorageKind = Storage['kind'];
export const STORAGE_KINDS: StorageKind[] = ['disk', 's3'];

export interface TestStorage extends Storage {
  /** The directory of a disk storage (or of the S3 server's files). */
  dir: string;
  /** For an S3 storage: what S3_* variables would configure, to build a second client. */
  s3: S3StorageConfig | null;
  /** Every key stored under `prefix` (a tenant id), sorted: what a test checks was left behind. */
  keys(prefix: string): Promise<string[]>;
  dispose(): Promise<void>;
}

export async function newTestStorage(kind: StorageKind = 'disk'): Promise<TestStorage> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `jamaa-files-${kind}-`));
  const removeDir = () => fs.promises.rm(dir, { recursive: true, force: true });
  if (kind === 'disk') {
    const storage = createDiskStorage(dir);
    const keys = async (prefix: string) => {
      const under = path.join(dir, prefix);
      if (!fs.existsSync(under)) return [];
      return (fs.readdirSync(under, { recursive: true, encoding: 'utf8' }) as string[])
        .filter((f) => !f.endsWith('.meta.json') && fs.statSync(path.join(under, f)).isFile())
        .map((f) => `${prefix}/${f}`)
        .sort();
    };
    return { ...storage, dir, s3: null, keys, dispose: async () => (await storage.close(), await removeDir()) };
  }
  const bucket = 'jamaa-test';
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  // s3rver accepts these fixed credentials only.
  const s3: S3StorageConfig = {
    kind: 's3',
    bucket,
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    forcePathStyle: true,
  };
  const storage = createS3Storage(s3);
  const lister = new S3Client({ region: s3.region, endpoint: s3.endpoint!, credentials: s3.credentials!, forcePathStyle: true });
  return {
    ...storage,
    dir,
    s3,
    async keys(prefix) {
      const listed = await lister.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/` }));
      return (listed.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])).sort();
    },
    async dispose() {
      await storage.close();
      lister.destroy();
      await server.close();
      await removeDir();
    },
  };
}
