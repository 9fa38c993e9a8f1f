import { createHash } from 'node:crypto';
import sharp from 'sharp';

/** The formats sharp may decode here, whatever the bytes claim to be: never SVG, GIF, TIFF, HEIF… */
export const DECODABLE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
const DECODABLE_FORMATS = new Set(['png', 'jpeg', 'webp']);

export interface ImageRule {
  /** What is written. PNG keeps transparency; JPEG is flattened on white. */
  format: 'png' | 'jpeg' | 'webp';
  /** Fitted within this square, never enlarged. */
  maxSide: number;
  /**
   * Decoding stops beyond this many pixels: a small file can declare 30 000 × 30 000 and need
   * gigabytes once decoded.
   */
  maxInputPixels: number;
}

export interface ReencodedImage {
  bytes: Uint8Array;
  sha256: string;
  contentType: `image/${ImageRule['format']}`;
  width: number;
  height: number;
}

export class ImageRefused extends Error {
  readonly reason: 'too_many_pixels' | 'undecodable';
  constructor(reason: 'too_many_pixels' | 'undecodable', message: string) {
    super(message);
    this.name = 'ImageRefused';
    this.reason = reason;
  }
}

/**
 * Decodes an image (turned upright by its EXIF orientation, first frame only) and writes it anew:
 * every metadata block (EXIF with its GPS position, XMP, IPTC, comments; ICC after conversion to
 * sRGB) is dropped, because sharp writes none unless asked. What is stored is only what sharp wrote.
 *
 * @throws ImageRefused when the bytes do not decode as PNG, JPEG or WebP, or exceed the pixel limit
 */
export async function reencodeImage(input: Uint8Array, rule: ImageRule): Promise<ReencodedImage> {
  const options = { limitInputPixels: rule.maxInputPixels, autoOrient: true } as const;
  try {
    const { format } = await sharp(input, options).metadata();
    if (!DECODABLE_FORMATS.has(format ?? '')) throw new Error(`decoded format ${format} is not accepted`);
    let pipeline = sharp(input, options).resize(rule.maxSide, rule.maxSide, { fit: 'inside', withoutEnlargement: true });
    if (rule.format === 'png') pipeline = pipeline.png({ compressionLevel: 9 });
    else if (rule.format === 'jpeg') pipeline = pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 82, mozjpeg: true });
    else pipeline = pipeline.webp({ quality: 82 });
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    const bytes = new Uint8Array(data);
    return {
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      contentType: `image/${rule.format}`,
      width: info.width,
      height: info.height,
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ImageRefused(/pixel limit/i.test(message) ? 'too_many_pixels' : 'undecodable', message);
  }
}

/** A rectangle of an image in fractions of its width and height (0…1), from its top-left corner. */
export interface ImageRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Blurs one region of an image (a face, a number plate, a house number) so strongly that it cannot be
 * read back, and answers the whole image as PNG (lossless: the caller re-encodes it for storage). The
 * blur's strength grows with the region, so a small plate and a large face are equally unreadable.
 *
 * @example await blurImageRegion(jpegBytes, { x: 0.4, y: 0.1, width: 0.2, height: 0.15 })
 * @throws ImageRefused when the bytes do not decode
 */
export async function blurImageRegion(input: Uint8Array, region: ImageRegion): Promise<Uint8Array> {
  try {
    const { width = 0, height = 0 } = await sharp(input).metadata();
    const left = Math.min(width - 1, Math.max(0, Math.floor(region.x * width)));
    const top = Math.min(height - 1, Math.max(0, Math.floor(region.y * height)));
    const w = Math.max(1, Math.min(width - left, Math.ceil(region.width * width)));
    const h = Math.max(1, Math.min(height - top, Math.ceil(region.height * height)));
    // Pixelate (averaged down, then up in blocks) and blur: a blur alone can sometimes be partly undone.
    const cell = Math.max(4, Math.round(Math.min(w, h) / 6));
    const small = await sharp(input).extract({ left, top, width: w, height: h }).resize(Math.max(1, Math.round(w / cell)), Math.max(1, Math.round(h / cell)), { fit: 'fill' }).toBuffer();
    const patch = await sharp(small).resize(w, h, { kernel: 'nearest', fit: 'fill' }).blur(Math.max(2, cell / 2)).toBuffer();
    return new Uint8Array(await sharp(input).composite([{ input: patch, left, top }]).png().toBuffer());
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ImageRefused('undecodable', message);
  }
}
