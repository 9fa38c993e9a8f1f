// With JavaScript, photos are made small in the phone before they are sent (a slow mobile network, and
// an edge that may refuse big bodies): drawn on a canvas at most 1600 px wide or high and written as JPEG,
// which also drops their metadata. Without JavaScript the page's server does the same.

const MAX_SIDE = 1600;
const SMALL_ENOUGH = 700 * 1024;

async function shrink(file: File): Promise<File> {
  if (file.size <= SMALL_ENOUGH || !file.type.startsWith('image/')) return file;
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.82));
  if (!blob || blob.size >= file.size) return file;
  return new File([blob], file.name.replace(/\.[^.]+$/, '') + '.jpg', { type: 'image/jpeg' });
}

/** Replaces the input's chosen photos by smaller ones; leaves them as they are if anything fails. */
export async function shrinkChosenPhotos(input: HTMLInputElement): Promise<void> {
  const files = [...(input.files ?? [])];
  if (files.length === 0 || typeof DataTransfer === 'undefined') return;
  try {
    const smaller = await Promise.all(files.map(shrink));
    if (smaller.every((f, i) => f === files[i])) return;
    const transfer = new DataTransfer();
    for (const file of smaller) transfer.items.add(file);
    input.files = transfer.files;
  } catch {
    // The server shrinks them anyway.
  }
}
