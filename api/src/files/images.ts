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
