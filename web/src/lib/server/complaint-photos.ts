// Photos of the complaint form, made small enough for the API before they leave the page's server: a
// phone photo is often 3–8 MB, the API takes 3 MB for the whole submission. The API re-encodes again and
// strips every metadata block (the GPS position of a phone photo included); this step only resizes.
import { ImageRefused, reencodeImage } from '#lib/server/api.ts';
import { MAX_PHOTOS, PHOTO_FIELD } from '#lib/complaints/types.ts';
import { PHOTO_MAX_BYTES } from './page-body-limit.ts';

/** Each photo sent on is at most this wide or high: enough to see a pothole, small enough for 3 in 3 MB. */
const MAX_SIDE = 1600;
/** Beyond this the photo is refused, not decoded (a small file may declare a huge image). */
const MAX_INPUT_PIXELS = 64_000_000;

/** The photos a form carries (empty file inputs send a nameless empty part: skipped). */
export function chosenPhotos(form: FormData): File[] {
  return form.getAll(PHOTO_FIELD).filter((value): value is File => typeof value !== 'string' && value.size > 0);
}

/** The photos resized to JPEG, or the validation code to show next to the field. */
export async function shrinkPhotos(photos: File[]): Promise<{ files: File[] } | { error: 'too_big' | 'invalid_image' | 'too_many_photos' }> {
  if (photos.length > MAX_PHOTOS) return { error: 'too_many_photos' };
  const files: File[] = [];
  for (const [index, photo] of photos.entries()) {
    if (photo.size > PHOTO_MAX_BYTES) return { error: 'too_big' };
    try {
      const image = await reencodeImage(new Uint8Array(await photo.arrayBuffer()), { format: 'jpeg', maxSide: MAX_SIDE, maxInputPixels: MAX_INPUT_PIXELS });
      files.push(new File([new Uint8Array(image.bytes)], `photo-${index + 1}.jpg`, { type: image.contentType }));
    } catch (err) {
      if (err instanceof ImageRefused) return { error: err.reason === 'too_many_pixels' ? 'too_big' : 'invalid_image' };
      throw err;
    }
  }
  return { files };
}
