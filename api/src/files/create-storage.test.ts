import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const createStorageUrl = pathToFileURL(fileURLToPath(new URL('./create-storage.ts', import.meta.url))).href;

/** In a fresh Node process: the storage `config` names is made, then the AWS SDK's modules loaded are counted. */
function sdkModulesLoaded(config: object): number {
  const script = `
    import { createRequire } from 'node:module';
    const { createStorage } = await import(${JSON.stringify(createStorageUrl)});
    await createStorage(${JSON.stringify(config)});
    const cache = createRequire(${JSON.stringify(createStorageUrl)}).cache;
    console.log(Object.keys(cache).filter((k) => k.includes('@aws-sdk')).length);`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim());
}

describe('createStorage', () => {
  it('a deployment on local disk does not load the AWS SDK (memory it has no use for); one with a bucket does', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jamaa-storage-'));
    try {
      expect(sdkModulesLoaded({ kind: 'disk', dir })).toBe(0);
      const bucket = { kind: 's3', bucket: 'jamaa-files', region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, forcePathStyle: true };
      expect(sdkModulesLoaded(bucket)).toBeGreaterThan(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
