// Words for the mentoring model's keys. A hub's own methods and kinds of activity have
// no translation: they show as written, with underscores as spaces.
import { useTranslation } from 'react-i18next';

export function useMentoringLabels() {
  const { t, i18n } = useTranslation();
  const own = (k: string) => k.replaceAll('_', ' ');
  const hours = new Intl.NumberFormat(i18n.resolvedLanguage, { maximumFractionDigits: 1 });
  return {
    method: (k: string) => t(`mentoring.methods.${k}`, { defaultValue: own(k) }),
    activityKind: (k: string) => t(`mentoring.activityKinds.${k}`, { defaultValue: own(k) }),
    phase: (k: string) => t(`mentoring.phases.${k}`),
    phaseStatus: (k: string) => t(`mentoring.phaseStatus.${k}`),
    kind: (k: string) => t(`mentoring.kinds.${k}`),
    role: (k: string) => t(`mentoring.roles.${k}`),
    schoolRole: (k: string) => t(`mentoring.schoolRoles.${k}`),
    status: (k: string) => t(`mentoring.status.${k}`),
    mode: (k: string) => t(`mentoring.modes.${k}`),
    state: (k: string) => t(`mentoring.states.${k}`),
    hours: (h: number) => t('mentoring.hours', { hours: hours.format(h) }),
  };
}

/** Symbols beside the words, so a status never rests on colour alone. */
export const PHASE_MARK: Record<string, string> = {
  not_started: '○',
  in_progress: '◐',
  done: '●',
  skipped: '⊘',
};

export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
