import { useTranslation } from 'react-i18next';
import { Field } from '../../lib/ui';

export const MIN_PASSWORD = 10;

/** A new password typed twice; `mismatch` is true while the two differ. */
export function NewPasswordFields({
  value,
  confirm,
  onChange,
  onConfirm,
  serverError,
  label,
}: {
  value: string;
  confirm: string;
  onChange: (v: string) => void;
  onConfirm: (v: string) => void;
  serverError?: string;
  label?: string;
}) {
  const { t } = useTranslation();
  const mismatch = confirm.length > 0 && confirm !== value;
  return (
    <>
      <Field label={label ?? t('auth.newPassword')} hint={t('auth.passwordHint', { min: MIN_PASSWORD })} error={serverError}>
        {(p) => (
          <input {...p} type="password" autoComplete="new-password" required minLength={MIN_PASSWORD} value={value} onChange={(e) => onChange(e.target.value)} />
        )}
      </Field>
      <Field label={t('auth.confirmPassword')} error={mismatch ? t('auth.passwordsDiffer') : undefined}>
        {(p) => <input {...p} type="password" autoComplete="new-password" required value={confirm} onChange={(e) => onConfirm(e.target.value)} />}
      </Field>
    </>
  );
}
