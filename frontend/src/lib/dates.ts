import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

const asDay = (d: string) => new Date(`${d.slice(0, 10)}T00:00:00Z`);

type Style = 'day' | 'longDay' | 'dayOf' | 'moment';

const options: Record<Style, Intl.DateTimeFormatOptions> = {
  day: { dateStyle: 'medium', timeZone: 'UTC' },
  longDay: { dateStyle: 'long', timeZone: 'UTC' },
  dayOf: { dateStyle: 'medium' },
  moment: { dateStyle: 'medium', timeStyle: 'short' },
};

// Formatters are costly to make and the same for every component of one language.
const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(lng: string | undefined, style: Style): Intl.DateTimeFormat {
  const key = `${lng ?? ''}|${style}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lng, options[style]);
    cache.set(key, f);
  }
  return f;
}

/**
 * The dates of the app in one language. A calendar day (`2026-12-04`: a campaign's last
 * day, an activity's date) is the same day wherever the reader is; a moment (an RFC 3339
 * timestamp) is shown in the reader's own time zone.
 */
export function datesIn(lng: string | undefined) {
  return {
    /** A calendar day. */
    day: (d: string) => formatter(lng, 'day').format(asDay(d)),
    /** A calendar day, the month written out. */
    longDay: (d: string) => formatter(lng, 'longDay').format(asDay(d)),
    /** The day of a moment, where the reader is. */
    dayOf: (t: string) => formatter(lng, 'dayOf').format(new Date(t)),
    /** A moment: day and time, where the reader is. */
    moment: (t: string) => formatter(lng, 'moment').format(new Date(t)),
  };
}

/** `datesIn` the interface language. */
export function useDates() {
  const { i18n } = useTranslation();
  const lng = i18n.resolvedLanguage;
  return useMemo(() => datesIn(lng), [lng]);
}
