/**
 * fflate (zip), loaded when an archive is made or read, not when the app starts: a checkout whose
 * node_modules predate the dependency still starts and type-checks (`npm install` brings it). Typed
 * here with the four functions used, so type-checking does not need the package either.
 */
export interface ZipOptions {
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  mtime?: Date | string | number;
}
export type Zippable = Record<string, Uint8Array | [Uint8Array, ZipOptions]>;

export interface Fflate {
  zipSync(data: Zippable, opts?: ZipOptions): Uint8Array;
  unzipSync(data: Uint8Array): Record<string, Uint8Array>;
  strToU8(text: string): Uint8Array;
  strFromU8(bytes: Uint8Array): string;
}

const PACKAGE = 'fflate';
let loaded: Promise<Fflate> | null = null;

export function fflate(): Promise<Fflate> {
  loaded ??= import(/* @vite-ignore */ PACKAGE) as Promise<Fflate>;
  return loaded;
}
