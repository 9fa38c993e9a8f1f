import type { StorageConfig } from '../config.ts';
import { createDiskStorage } from './disk-storage.ts';
import type { Storage } from './storage.ts';

/**
 * The storage the configuration names: an S3-compatible bucket when S3_BUCKET is set, else local disk. The
 * AWS SDK is loaded only for a bucket: loaded, it holds ≈6 MB of V8's heap and ≈30 MB of the process's RSS
 * (code, its modules' objects), which a deployment on local disk has no use for (docs/performance.md, h70).
 */
export async function createStorage(config: StorageConfig): Promise<Storage> {
  if (config.kind !== 's3') return createDiskStorage(config.dir);
  const { createS3Storage } = await import('./s3-storage.ts');
  return createS3Storage(config);
}
