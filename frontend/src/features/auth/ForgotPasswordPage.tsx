import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorNotice, Field } from '../../lib/ui';
import { AuthFrame } from './AuthFrame';
import { authApi } from './queries';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await authApi.requestReset(email);
      setSent(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <AuthFrame title={t('auth.forgotTitle')}>
      {sent ? (
        <p className="notice ok" role="status">
          {t('auth.linkSent')}
        </p>
      ) : (
        <form className="stack" onSubmit={(e) => void submit(e)}>
          <p>{t('auth.forgotHelp')}</p>
          <Field label={t('auth.email')}>
            {(p) => <input {...p} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
          <ErrorNotice error={error} />
          <button type="submit">{t('auth.sendLink')}</button>
        </form>
      )}
      <p>
        <Link to="/login">{t('auth.backToSignIn')}</Link>
      </p>
    </AuthFrame>
  );
}
