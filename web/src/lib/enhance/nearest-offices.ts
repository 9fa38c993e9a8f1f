/**
 * "Nearest office" on a city's list of arrondissement offices (see ArrondissementOffices.svelte). The list is
 * plain server-rendered HTML that works without JavaScript; this enhancement shows a button that, once the
 * resident allows it, sorts the list by distance from the phone's position and marks and focuses the first
 * office. Refused or unavailable, the list stays in its order and the status line says so.
 *
 * It is not a Svelte component: public pages are rendered without hydration (`csr = false`), so this is a
 * small standalone script, bundled on its own by `enhancements.ts` (web/) and loaded only by the pages that
 * render such a list. It reads everything from the markup: `data-nearest` on the root (with the texts in
 * `data-locating`, `data-denied`, `data-sorted`, `data-distance` and the number locale in `data-intl`),
 * `data-nearest-controls`, `data-nearest-button`, `data-nearest-status`, `data-nearest-list`, and on each
 * item `data-lat`/`data-lng` and a `[data-distance]` slot.
 */

export interface Position {
  latitude: number;
  longitude: number;
}

const EARTH_DIAMETER_KM = 12742;
const rad = (degrees: number) => (degrees * Math.PI) / 180;

/**
 * Great-circle distance in kilometres (haversine).
 *
 * @example distanceKm({ latitude: 33.589, longitude: -7.633 }, { latitude: 33.58, longitude: -7.515 }) // ≈ 10.9
 */
export function distanceKm(from: Position, to: Position): number {
  const a =
    Math.sin(rad(to.latitude - from.latitude) / 2) ** 2 +
    Math.cos(rad(from.latitude)) * Math.cos(rad(to.latitude)) * Math.sin(rad(to.longitude - from.longitude) / 2) ** 2;
  return EARTH_DIAMETER_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The place an item's `data-lat`/`data-lng` name, or null when either is missing or not a number. */
export function placeOf(dataset: { lat?: string | undefined; lng?: string | undefined }): Position | null {
  const latitude = Number.parseFloat(dataset.lat ?? '');
  const longitude = Number.parseFloat(dataset.lng ?? '');
  return Number.isFinite(latitude) && Number.isFinite(longitude) ? { latitude, longitude } : null;
}

/**
 * Items ordered by distance from `here`, nearest first; items without a place go last, in their order (the
 * sort is stable).
 */
export function byDistance<T>(items: readonly T[], placeOfItem: (item: T) => Position | null, here: Position): { item: T; km: number }[] {
  return items
    .map((item) => {
      const place = placeOfItem(item);
      return { item, km: place ? distanceKm(here, place) : Number.POSITIVE_INFINITY };
    })
    .sort((a, b) => a.km - b.km);
}

function kilometres(locale: string | undefined): Intl.NumberFormat {
  const options: Intl.NumberFormatOptions = { style: 'unit', unit: 'kilometer', maximumFractionDigits: 1 };
  try {
    return new Intl.NumberFormat(locale, options);
  } catch {
    return new Intl.NumberFormat(undefined, options);
  }
}

/** Wires every `[data-nearest]` list under `root`. Does nothing where the browser has no geolocation. */
export function enhanceNearestOffices(root: ParentNode, geolocation: Geolocation | undefined): void {
  if (!geolocation) return;
  for (const box of root.querySelectorAll<HTMLElement>('[data-nearest]')) {
    const controls = box.querySelector<HTMLElement>('[data-nearest-controls]');
    const button = box.querySelector<HTMLButtonElement>('[data-nearest-button]');
    const status = box.querySelector<HTMLElement>('[data-nearest-status]');
    const list = box.querySelector<HTMLElement>('[data-nearest-list]');
    if (!controls || !button || !status || !list) continue;
    const texts = box.dataset;
    const format = kilometres(texts.intl);
    controls.hidden = false;
    button.addEventListener('click', () => {
      button.disabled = true;
      status.textContent = texts.locating ?? '';
      geolocation.getCurrentPosition(
        ({ coords }) => {
          const items = [...list.children].filter((child): child is HTMLElement => child instanceof HTMLElement);
          const sorted = byDistance(items, (li) => placeOf(li.dataset), coords);
          for (const { item, km } of sorted) {
            item.removeAttribute('data-nearest-first');
            const shown = item.querySelector<HTMLElement>('[data-distance]');
            if (shown && Number.isFinite(km)) {
              shown.textContent = (texts.distance ?? '{{distance}}').replace('{{distance}}', format.format(km));
              shown.hidden = false;
            }
            list.append(item);
          }
          const first = sorted[0]?.item;
          if (first) {
            first.setAttribute('data-nearest-first', '');
            first.tabIndex = -1;
            first.focus({ preventScroll: true });
            first.scrollIntoView({ block: 'start' });
          }
          status.textContent = texts.sorted ?? '';
          button.disabled = false;
        },
        () => {
          status.textContent = texts.denied ?? '';
          button.disabled = false;
        },
        { enableHighAccuracy: false, timeout: 20_000, maximumAge: 300_000 },
      );
    });
  }
}
