// The script a page with a city's arrondissement offices loads (see enhancements.ts in web/): runs once,
// after the document is parsed (the tag is `defer`).
import { enhanceNearestOffices } from './nearest-offices.ts';

enhanceNearestOffices(document, 'geolocation' in navigator ? navigator.geolocation : undefined);
