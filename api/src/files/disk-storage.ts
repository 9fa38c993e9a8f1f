import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertStorageKey, InvalidStorageKeyError, toNodeStream, type Storage, type StorageBody, type StoredObject } from './storage.ts';

const TMP = '.tmp';
const META = '.meta.json';

interface Meta {
  contentType: string;
}

/**
 * Files on local disk under `root` (JAMAA_DATA_DIR/files): `<root>/<tenant>/<purpose>/<id>`, with the
 * content type beside it in `<id>.meta.json`. A write goes to `<root>/.tmp/` first, is flushed, then
 * renamed into place (same file system, so the rename is atomic): a reader sees the whole object or
 * none, and a failed write leaves only a temporary file that is removed at once.
 */
export function createDiskStorage(root: string): Storage {
  const base = path.resolve(root);
  const tmpDir = path.join(base, TMP);

  /** The path of `key`, refused unless the key has its shape and the result stays under `base`. */
  function pathOf(key: string): string {
    assertStorageKey(key);
    const full = path.resolve(base, key);
    if (!full.startsWith(base + path.sep)) throw new InvalidStorageKeyError(key);
    return full;
  }

  /** Writes `source` to a temporary file and renames it to `target`; counts the bytes. */
  async function writeAtomically(target: string, source: Readable): Promise<number> {
    await fsp.mkdir(tmpDir, { recursive: true });
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const tmp = path.join(tmpDir, randomUUID());
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.byteLength;
        done(null, chunk);
      },
    });
    try {
      // `flush`: the bytes reach the disk before the file is closed, so a rename never publishes a
      // file whose content a crash could still lose.
      await pipeline(source, counter, fs.createWriteStream(tmp, { flags: 'wx', mode: 0o640, flush: true }));
      await fsp.rename(tmp, target);
      return size;
    } catch (err) {
      source.destroy();
      await fsp.rm(tmp, { force: true });
      throw err;
    }
  }

  return {
    kind: 'disk',

    async put(key: string, body: StorageBody, contentType: string) {
      const file = pathOf(key);
      // The type first: once the bytes are in place the object is complete.
      const meta: Meta = { contentType };
      await writeAtomically(file + META, Readable.from([Buffer.from(JSON.stringify(meta))]));
      try {
        return { size: await writeAtomically(file, toNodeStream(body)) };
      } catch (err) {
        // No half object: the type goes too, unless it belongs to an object already there.
        if (!fs.existsSync(file)) await fsp.rm(file + META, { force: true });
        throw err;
      }
    },

    async get(key: string): Promise<StoredObject | null> {
      const file = pathOf(key);
      let handle: fsp.FileHandle;
      try {
        handle = await fsp.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
      try {
        const { size } = await handle.stat();
        const contentType = await readMeta(file);
        const stream = handle.createReadStream({ autoClose: true });
        return { body: Readable.toWeb(stream) as ReadableStream<Uint8Array>, size, contentType };
      } catch (err) {
        await handle.close();
        throw err;
      }
    },

    async delete(key: string) {
      const file = pathOf(key);
      await fsp.rm(file, { force: true });
      await fsp.rm(file + META, { force: true });
    },

    async exists(key: string) {
      try {
        return (await fsp.lstat(pathOf(key))).isFile();
      } catch (err) {
        if (isMissing(err)) return false;
        throw err;
      }
    },

    async close() {},
  };
}

/**
 * Why files could not be written under `root` (a read-only file system, a missing volume), or null.
 * For a warning at start-up rather than a failure at the first upload.
 */
export async function diskStorageProblem(root: string): Promise<string | null> {
  try {
    await fsp.mkdir(path.join(root, TMP), { recursive: true });
    await fsp.access(path.join(root, TMP), fs.constants.W_OK);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

async function readMeta(file: string): Promise<string> {
  try {
    const meta = JSON.parse(await fsp.readFile(file + META, 'utf8')) as Partial<Meta>;
    if (typeof meta.contentType === 'string') return meta.contentType;
  } catch (err) {
    if (!isMissing(err) && !(err instanceof SyntaxError)) throw err;
  }
  return 'application/octet-stream';
}

function isMissing(err: unknown): boolean {
  return err instanceof Error && 'code' in err && (err.code === 'ENOENT' || err.code === 'ENOTDIR');
}
