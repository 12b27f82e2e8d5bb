import { useTranslation } from 'react-i18next';

const asDay = (d: string) => new Date(`${d.slice(0, 10)}T00:00:00Z`);

/**
 * The one way dates are written in the app, in the interface language. A calendar day
 * (`2026-12-04`: a campaign's last day, an activity's date) is the same day wherever the
 * reader is; a moment (an RFC 3339 timestamp) is shown in the reader's own time zone.
 */
export function useDates() {
  const { i18n } = useTranslation();
  const lng = i18n.resolvedLanguage;
  const day = new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeZone: 'UTC' });
  const longDay = new Intl.DateTimeFormat(lng, { dateStyle: 'long', timeZone: 'UTC' });
  const dayOf = new Intl.DateTimeFormat(lng, { dateStyle: 'medium' });
  const moment = new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    /** A calendar day. */
    day: (d: string) => day.format(asDay(d)),
    /** A calendar day, the month written out. */
    longDay: (d: string) => longDay.format(asDay(d)),
    /** The day of a moment, where the reader is. */
    dayOf: (t: string) => dayOf.format(new Date(t)),
    /** A moment: day and time, where the reader is. */
    moment: (t: string) => moment.format(new Date(t)),
  };
}
