import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTestStorage, STORAGE_KINDS, type TestStorage } from '../testing/storage.ts';
import { createDiskStorage } from './disk-storage.ts';
import { InvalidStorageKeyError, storageKey } from './storage.ts';

const readAll = async (body: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(body).arrayBuffer());
const keyOf = (purpose = 'document') => storageKey(randomUUID(), purpose, randomUUID());

/** `count` chunks of `size` random bytes, produced one at a time. */
async function* chunks(count: number, size: number, failAfter = Infinity): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < count; i++) {
    if (i >= failAfter) throw new Error('the client went away');
    yield new Uint8Array(randomBytes(size));
  }
}

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

describe.each(STORAGE_KINDS)('storage contract (%s)', (kind) => {
  let storage: TestStorage;
  beforeAll(async () => {
    storage = await newTestStorage(kind);
  });
  afterAll(() => storage.dispose());

  it('gives back what was put: the same bytes, their size and type', async () => {
    const key = keyOf();
    const bytes = new Uint8Array(randomBytes(70_000));
    expect(await storage.exists(key)).toBe(false);
    expect(await storage.put(key, bytes, 'application/pdf')).toEqual({ size: 70_000 });
    expect(await storage.exists(key)).toBe(true);
    const object = await storage.get(key);
    expect(object).toMatchObject({ size: 70_000, contentType: 'application/pdf' });
    expect(Buffer.from(await readAll(object!.body)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('writes a stream as it comes, larger than one upload part, and reads it back as a stream', async () => {
    const key = keyOf();
    const parts: Uint8Array[] = [];
    async function* kept() {
      for await (const c of chunks(12, 512 * 1024)) {
        parts.push(c);
        yield c;
      }
    }
    expect(await storage.put(key, kept(), 'image/jpeg')).toEqual({ size: 12 * 512 * 1024 });
    const object = await storage.get(key);
    expect(object?.size).toBe(6 * 1024 * 1024);
    expect(Buffer.from(await readAll(object!.body)).equals(Buffer.concat(parts))).toBe(true);
  });

  it('accepts a web stream (a request body) too', async () => {
    const key = keyOf();
    const body = new Response('%PDF-1.7 hello').body!;
    expect(await storage.put(key, body, 'application/pdf')).toEqual({ size: 14 });
    expect(new TextDecoder().decode(await readAll((await storage.get(key))!.body))).toBe('%PDF-1.7 hello');
  });

  it('replaces an object put again under the same key', async () => {
    const key = keyOf();
    await storage.put(key, new TextEncoder().encode('first'), 'text/plain');
    await storage.put(key, new TextEncoder().encode('second!'), 'application/pdf');
    const object = await storage.get(key);
    expect(object).toMatchObject({ size: 7, contentType: 'application/pdf' });
    expect(new TextDecoder().decode(await readAll(object!.body))).toBe('second!');
  });

  it('leaves nothing under the key when the body fails midway, and rethrows its error', async () => {
    const key = keyOf();
    await expect(storage.put(key, chunks(20, 512 * 1024, 13), 'application/pdf')).rejects.toThrow('the client went away');
    expect(await storage.exists(key)).toBe(false);
    expect(await storage.get(key)).toBeNull();
    if (kind === 'disk') expect(filesUnder(storage.dir).filter((f) => f.includes(key.split('/')[0]!) || f.startsWith('.tmp'))).toEqual([]);
  });

  it('answers null and false for what is not there, and deletes twice without error', async () => {
    const key = keyOf();
    expect(await storage.get(key)).toBeNull();
    await storage.put(key, new Uint8Array([1, 2, 3]), 'image/png');
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    expect(await storage.get(key)).toBeNull();
    await expect(storage.delete(key)).resolves.toBeUndefined();
  });

  it.each([
    '../etc/passwd',
    '/etc/passwd',
    `${randomUUID()}/../../escape`,
    `${randomUUID()}/logo/../../../escape`,
    `${randomUUID()}/.tmp/x`,
    `${randomUUID()}/logo/x.meta.json`,
    `${randomUUID()}\\..\\x`,
    `${randomUUID()}/logo/`,
    `${randomUUID()}`,
    'not-a-tenant/logo/x',
    `${randomUUID()}/logo/x%2F..`,
  ])('refuses the key %s for every operation, touching nothing', async (key) => {
    await expect(storage.put(key, new Uint8Array([1]), 'text/plain')).rejects.toBeInstanceOf(InvalidStorageKeyError);
    await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    await expect(storage.exists(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
  });

  it("keeps each tenant's files under the tenant's own prefix", async () => {
    const tenant = randomUUID();
    const key = storageKey(tenant, 'complaint_photo', randomUUID());
    expect(key.startsWith(`${tenant}/complaint-photo/`)).toBe(true);
    await storage.put(key, new Uint8Array([9]), 'image/jpeg');
    expect(await storage.keys(tenant)).toEqual([key]);
    if (kind === 'disk') expect(fs.existsSync(path.join(storage.dir, key))).toBe(true);
  });
});

describe('disk storage', () => {
  it('writes into a temporary file renamed into place, so a reader never sees half an object', async () => {
    const storage = await newTestStorage('disk');
    try {
      const key = keyOf();
      let seenWhileWriting: boolean | null = null;
      async function* slow() {
        yield new Uint8Array(1000);
        // Midway, the object is not visible yet: only the temporary file exists.
        seenWhileWriting = await storage.exists(key);
        expect(filesUnder(path.join(storage.dir, '.tmp'))).toHaveLength(1);
        yield new Uint8Array(1000);
      }
      await storage.put(key, slow(), 'application/pdf');
      expect(seenWhileWriting).toBe(false);
      expect(filesUnder(path.join(storage.dir, '.tmp'))).toEqual([]);
      expect((await storage.get(key))?.size).toBe(2000);
    } finally {
      await storage.dispose();
    }
  });

  it('does not follow a symbolic link planted where an object would be', async () => {
    const storage = await newTestStorage('disk');
    try {
      const key = keyOf();
      const outside = path.join(storage.dir, '..', `outside-${randomUUID()}`);
      fs.writeFileSync(outside, 'secret');
      fs.mkdirSync(path.dirname(path.join(storage.dir, key)), { recursive: true });
      fs.symlinkSync(outside, path.join(storage.dir, key));
      try {
        await expect(storage.get(key)).rejects.toThrow();
        expect(await storage.exists(key)).toBe(false);
      } finally {
        fs.rmSync(outside);
      }
    } finally {
      await storage.dispose();
    }
  });

  it('is created where JAMAA_DATA_DIR/files says, on first write', async () => {
    const storage = await newTestStorage('disk');
    try {
      const root = path.join(storage.dir, 'nested', 'files');
      const disk = createDiskStorage(root);
      const key = keyOf('logo');
      await disk.put(key, new Uint8Array([1]), 'image/png');
      expect(filesUnder(root)).toEqual([key, `${key}.meta.json`]);
    } finally {
      await storage.dispose();
    }
  });
});
