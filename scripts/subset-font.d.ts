// `subset-font` ships no types: the one call scripts/subset-fonts.ts makes.
declare module 'subset-font' {
  export default function subsetFont(
    font: Uint8Array,
    text: string,
    options?: { targetFormat?: 'woff2' | 'woff' | 'sfnt' | 'truetype'; preserveNameIds?: number[] },
  ): Promise<Buffer>;
}
