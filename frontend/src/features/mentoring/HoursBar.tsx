import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../lib/api/client';
import { useMentoringLabels } from './labels';

/** Hours as a bar against a target range (when one applies), with the numbers in words. */
export function HoursBar({ hours, range }: { hours: Schemas['HoursDto']; range?: [number, number] }) {
  const { t } = useTranslation();
  const L = useMentoringLabels();
  const max = range ? Math.max(range[1] * 1.15, hours.hours, 1) : Math.max(hours.hours, 1);
  const pct = (v: number) => `${Math.min(100, (v / max) * 100)}%`;
  const against = hours.against_target;
  return (
    <div className="hours">
      {range && (
        <div className="hours-bar" aria-hidden="true">
          <span className="hours-range" style={{ left: pct(range[0]), width: `calc(${pct(range[1])} - ${pct(range[0])})` }} />
          <span className={`hours-fill ${against ?? ''}`} style={{ width: pct(hours.hours) }} />
        </div>
      )}
      <span className="hours-text">
        {range
          ? t('mentoring.hoursOfTarget', { hours: L.hours(hours.hours), min: range[0], max: range[1] })
          : L.hours(hours.hours)}
        {against && <strong className={`against ${against}`}> · {t(`mentoring.against.${against}`)}</strong>}
      </span>
    </div>
  );
}
