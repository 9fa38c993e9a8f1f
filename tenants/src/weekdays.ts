/**
 * Days of the week as opening hours name them, Monday first (the Moroccan working week). One list for the
 * tenant data files, the API's schemas and the console's forms.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
