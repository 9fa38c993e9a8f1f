import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { AppError } from '../shared/errors.ts';
import { LOGO_CONTENT_TYPES, LOGO_MAX_BYTES, LOGO_MAX_SIDE } from './branding.schemas.ts';

/**
 * Decoding stops beyond this many pixels (a 2 MB PNG of one colour can declare 30 000 × 30 000 and
 * need gigabytes once decoded). 4096² is more than any logo needs.
 */
export const LOGO_MAX_INPUT_PIXELS = 4096 * 4096;

/** The formats sharp may decode here, whatever the declared type: never SVG, GIF, TIFF, HEIF… */
const DECODABLE = new Set(['png', 'jpeg', 'webp']);

export interface NormalisedLogo {
  bytes: Uint8Array;
  sha256: string;
  contentType: 'image/png';
  width: number;
  height: number;
}

/** The media type without parameters (`image/png; x=y` → `image/png`), lower-cased. */
export function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** UNSUPPORTED_IMAGE unless the declared type is one a logo may be sent as; answers the media type. */
export function assertLogoType(declaredType: string | undefined): string {
  const type = mediaTypeOf(declaredType);
  if (!(LOGO_CONTENT_TYPES as readonly string[]).includes(type)) {
    throw new AppError('UNSUPPORTED_IMAGE', `a logo is sent as ${LOGO_CONTENT_TYPES.join(', ')}; got ${type || 'no Content-Type'}`, {
      contentType: type || null,
      accepted: LOGO_CONTENT_TYPES,
    });
  }
  return type;
}

/**
 * Re-encodes an uploaded logo: refuses anything but PNG, JPEG or WebP (declared and decoded), decodes
 * it (turned upright by its EXIF orientation, first frame only), drops every metadata chunk (EXIF, GPS,
 * XMP, ICC after conversion to sRGB), fits it within 512 × 512 without enlarging, and writes PNG, which
 * keeps transparency. What is stored is only what sharp wrote.
 *
 * @throws AppError UNSUPPORTED_IMAGE (type refused or bytes not decodable), IMAGE_TOO_LARGE (over 2 MB)
 */
export async function normaliseLogo(bytes: Uint8Array, declaredType: string | undefined): Promise<NormalisedLogo> {
  const type = assertLogoType(declaredType);
  if (bytes.byteLength > LOGO_MAX_BYTES) {
    throw new AppError('IMAGE_TOO_LARGE', `a logo is at most ${LOGO_MAX_BYTES} bytes`, { size: bytes.byteLength, maxBytes: LOGO_MAX_BYTES });
  }
  const options = { limitInputPixels: LOGO_MAX_INPUT_PIXELS, autoOrient: true } as const;
  try {
    const { format } = await sharp(bytes, options).metadata();
    if (!DECODABLE.has(format ?? '')) throw new Error(`decoded format ${format} is not accepted`);
    const { data, info } = await sharp(bytes, options)
      .resize(LOGO_MAX_SIDE, LOGO_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: 9 })
      .toBuffer({ resolveWithObject: true });
    const out = new Uint8Array(data);
    return { bytes: out, sha256: createHash('sha256').update(out).digest('hex'), contentType: 'image/png', width: info.width, height: info.height };
  } catch (err) {
    throw new AppError('UNSUPPORTED_IMAGE', 'the image could not be read as PNG, JPEG or WebP', {
      contentType: type,
      accepted: LOGO_CONTENT_TYPES,
      reason: err instanceof Error && /pixel limit/i.test(err.message) ? 'too_many_pixels' : 'undecodable',
    });
  }
}
