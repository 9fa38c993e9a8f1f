// Sorts a city's list of arrondissement offices by distance from the phone's position (see
// ArrondissementOffices.svelte). Without this script, or without permission, the list stays in its order.
(() => {
  const rad = (d) => (d * Math.PI) / 180;
  /** Great-circle distance in kilometres. */
  const km = (lat1, lng1, lat2, lng2) => {
    const a = Math.sin(rad(lat2 - lat1) / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lng2 - lng1) / 2) ** 2;
    return 12742 * Math.asin(Math.min(1, Math.sqrt(a)));
  };
  for (const root of document.querySelectorAll('[data-nearest]')) {
    const controls = root.querySelector('[data-nearest-controls]');
    const button = root.querySelector('[data-nearest-button]');
    const status = root.querySelector('[data-nearest-status]');
    const list = root.querySelector('[data-nearest-list]');
    if (!controls || !button || !status || !list || !('geolocation' in navigator)) continue;
    controls.hidden = false;
    let format;
    try {
      format = new Intl.NumberFormat(root.dataset.intl, { style: 'unit', unit: 'kilometer', maximumFractionDigits: 1 });
    } catch {
      format = new Intl.NumberFormat(undefined, { style: 'unit', unit: 'kilometer', maximumFractionDigits: 1 });
    }
    button.addEventListener('click', () => {
      button.disabled = true;
      status.textContent = root.dataset.locating ?? '';
      navigator.geolocation.getCurrentPosition(
        ({ coords }) => {
          const items = [...list.children].map((li) => {
            const lat = Number.parseFloat(li.dataset.lat ?? '');
            const lng = Number.parseFloat(li.dataset.lng ?? '');
            const d = Number.isFinite(lat) && Number.isFinite(lng) ? km(coords.latitude, coords.longitude, lat, lng) : Infinity;
            return { li, d };
          });
          items.sort((a, b) => a.d - b.d);
          for (const { li, d } of items) {
            li.removeAttribute('data-nearest-first');
            const shown = li.querySelector('[data-distance]');
            if (shown && Number.isFinite(d)) {
              shown.textContent = (root.dataset.distance ?? '{{distance}}').replace('{{distance}}', format.format(d));
              shown.hidden = false;
            }
            list.append(li);
          }
          const first = items[0]?.li;
          if (first) {
            first.setAttribute('data-nearest-first', '');
            first.tabIndex = -1;
            first.focus({ preventScroll: true });
            first.scrollIntoView({ block: 'start' });
          }
          status.textContent = root.dataset.sorted ?? '';
          button.disabled = false;
        },
        () => {
          status.textContent = root.dataset.denied ?? '';
          button.disabled = false;
        },
        { enableHighAccuracy: false, timeout: 20000, maximumAge: 300000 },
      );
    });
  }
})();
