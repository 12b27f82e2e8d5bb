import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorNotice, useFieldErrors } from '../../lib/ui';
import { AuthFrame } from './AuthFrame';
import { authApi } from './queries';
import { NewPasswordFields } from './NewPasswordFields';

export const tokenFromHash = () => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [token] = useState(tokenFromHash);
  const [pw, setPw] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fields = useFieldErrors(error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pw !== confirm) return;
    setError(null);
    try {
      await authApi.confirmReset(token, pw);
      setDone(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <AuthFrame title={t('auth.resetTitle')}>
      {done ? (
        <p className="notice ok" role="status">
          {t('auth.passwordChanged')}
        </p>
      ) : (
        <form className="stack" onSubmit={(e) => void submit(e)}>
          <NewPasswordFields value={pw} confirm={confirm} onChange={setPw} onConfirm={setConfirm} serverError={fields.new_password} />
          {!fields.new_password && <ErrorNotice error={error} />}
          <button type="submit">{t('auth.setPassword')}</button>
        </form>
      )}
      <p>
        <Link to="/login">{t('auth.backToSignIn')}</Link>
      </p>
    </AuthFrame>
  );
}
