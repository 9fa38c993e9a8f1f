// Addresses of the enhancement scripts (see web/enhancements.ts), one export per entry of ENHANCEMENTS.
declare module 'virtual:jamaa-enhancements' {
  /** The "nearest office" sort of a city's arrondissement offices (src/lib/enhance/nearest-offices.ts). */
  export const nearestOffices: string;
}
