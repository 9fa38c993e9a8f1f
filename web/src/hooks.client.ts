import type { ClientInit } from '@sveltejs/kit/hooks';
import { watchEarlyInput } from '#lib/client/early-input.ts';

// Runs before the page hydrates: what a resident types meanwhile is kept (see early-input.ts). The mark
// tells browser tests the app has started (`data-hydrated`, set by the root layout, that it is live).
export const init: ClientInit = () => {
  watchEarlyInput(document);
  document.documentElement.dataset.appStarted = 'true';
};
