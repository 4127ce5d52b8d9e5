import {
  ATTRIBUTION_FIELDS,
  LEAD_FIELD_LIMITS,
  type Attribution,
} from '@landing/shared/contracts-lead';

export const ATTRIBUTION_KEY = 'lp.attribution.v1';

const UTM_FIELDS = ATTRIBUTION_FIELDS.filter((field) =>
  field.startsWith('utm_'),
);

export interface PageLocation {
  pathname: string;
  search: string;
}

/** UTM parameters, referrer and landing path of this page view, within the intake's limits. */
export function readAttribution(
  location: PageLocation,
  referrer: string,
): Attribution {
  const params = new URLSearchParams(location.search);
  const attribution: Attribution = {};
  for (const field of UTM_FIELDS) {
    const value = params.get(field)?.trim();
    if (value) attribution[field] = value.slice(0, LEAD_FIELD_LIMITS.utm);
  }
  if (referrer.trim() !== '')
    attribution.referrer = referrer.slice(0, LEAD_FIELD_LIMITS.referrer);
  attribution.landingPath = location.pathname.slice(
    0,
    LEAD_FIELD_LIMITS.landingPath,
  );
  return attribution;
}

/**
 * Keeps the first view's attribution for the session: a later page of the site has
 * our own page as referrer and no UTM parameters, which would erase the campaign.
 */
export function captureAttribution(
  storage: Storage | null,
  location: PageLocation,
  referrer: string,
): Attribution {
  const stored = readStored(storage);
  if (stored) return stored;
  const attribution = readAttribution(location, referrer);
  try {
    storage?.setItem(ATTRIBUTION_KEY, JSON.stringify(attribution));
  } catch {
    // Storage unavailable: this view's attribution is still sent.
  }
  return attribution;
}

function readStored(storage: Storage | null): Attribution | null {
  let raw: string | null;
  try {
    raw = storage?.getItem(ATTRIBUTION_KEY) ?? null;
  } catch {
    return null;
  }
  if (raw === null) return null;
  try {
    const parsed = JSON.parse(raw) as Record<string, unknown> | null;
    if (!parsed || typeof parsed !== 'object') return null;
    const attribution: Attribution = {};
    for (const field of ATTRIBUTION_FIELDS) {
      const value = parsed[field];
      if (typeof value === 'string') attribution[field] = value;
    }
    return attribution;
  } catch {
    return null;
  }
}
