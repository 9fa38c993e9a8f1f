import type { Translatable } from '@jamaa/tenants/locale.ts';

/**
 * What a tenant may change about a national service: local facts, never the national text itself.
 */
export interface ServiceOverrides {
  /** The local fee when it differs from the national card (same shape as the card's `cost`). */
  cost?: { kind: 'free' | 'fixed' | 'varies' | 'tariff'; amountMad?: number; note?: Translatable };
  /** The tenant's office that delivers the service (an arrondissement may point to its commune's). */
  officeId?: string;
  /** Local opening-hour remarks for this service, e.g. "also on Saturday mornings". */
  hours?: Translatable;
  /** Documents asked locally in addition to the national list. */
  extraDocuments?: Translatable[];
  /** A note from the commune shown on the service page. */
  note?: Translatable;
  contact?: { phone?: string; email?: string };
}

export type OverrideField = keyof ServiceOverrides;

/** Which field of the national card each override stands in for: a new version changing it needs review. */
export const OVERRIDDEN_CARD_FIELD: Record<OverrideField, string | null> = {
  cost: 'cost',
  officeId: 'where',
  hours: 'where',
  extraDocuments: 'documents',
  note: null,
  contact: 'contact',
};

/** One tenant's row about one service. */
export interface OfferingLayer {
  tenantId: string;
  enabled: boolean | null;
  overrides: ServiceOverrides;
  reviewFields: readonly string[];
}

export interface MergedOffering {
  enabled: boolean;
  overrides: ServiceOverrides;
  /** For each override in effect, the tenant that set it (the commune, or the arrondissement itself). */
  overriddenBy: Partial<Record<OverrideField, string>>;
  /** Overridden card fields that a newer national version changed, still to be reviewed. */
  reviewFields: string[];
}

/**
 * Merges a national service with the layers of choices above it, from the commune down to the
 * arrondissement: each layer's `enabled` (when set) and each override field replace the ones above.
 * A service no layer speaks of is offered as published nationally.
 *
 * @example
 *   mergeOffering([{ tenantId: city, enabled: null, overrides: { note: { fr: 'Bureau 3' } }, reviewFields: [] },
 *                  { tenantId: anfa, enabled: false, overrides: {}, reviewFields: [] }])
 *   // → { enabled: false, overrides: { note: { fr: 'Bureau 3' } }, overriddenBy: { note: city }, reviewFields: [] }
 */
export function mergeOffering(layers: readonly OfferingLayer[]): MergedOffering {
  let enabled = true;
  const overrides: ServiceOverrides = {};
  const overriddenBy: Partial<Record<OverrideField, string>> = {};
  const review = new Set<string>();
  for (const layer of layers) {
    if (layer.enabled !== null) enabled = layer.enabled;
    for (const key of Object.keys(layer.overrides) as OverrideField[]) {
      if (layer.overrides[key] === undefined) continue;
      (overrides as Record<OverrideField, unknown>)[key] = layer.overrides[key];
      overriddenBy[key] = layer.tenantId;
    }
    for (const field of layer.reviewFields) review.add(field);
  }
  // A review flag only matters while some layer still overrides that field.
  const live = new Set(Object.keys(overrides).map((k) => OVERRIDDEN_CARD_FIELD[k as OverrideField]));
  return { enabled, overrides, overriddenBy, reviewFields: [...review].filter((f) => live.has(f)).sort() };
}

/**
 * The card fields an override conflicts with when the national card changed between two versions:
 * those whose national value differs and that the tenant overrides.
 */
export function conflictingFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  overrides: ServiceOverrides,
): string[] {
  const fields = new Set<string>();
  for (const key of Object.keys(overrides) as OverrideField[]) {
    const cardField = OVERRIDDEN_CARD_FIELD[key];
    if (cardField && JSON.stringify(before[cardField]) !== JSON.stringify(after[cardField])) fields.add(cardField);
  }
  return [...fields].sort();
}
