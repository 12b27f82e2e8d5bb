// Small helpers shared by forms of several features.

/** Every IANA time zone the browser knows, for a time-zone picker. */
export const TIME_ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/** `"et, en  fi"` → `["et", "en", "fi"]`: a list typed as text, split on commas and spaces. */
export const splitList = (s: string) =>
  s
    .split(/[,\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
