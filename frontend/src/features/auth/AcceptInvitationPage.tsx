import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useSession } from '../../lib/auth';
import { ErrorNotice, Field, QueryState, useFieldErrors } from '../../lib/ui';
import { AuthFrame } from './AuthFrame';
import { authApi, authQueries } from './queries';
import { NewPasswordFields } from './NewPasswordFields';
import { tokenFromHash } from './ResetPasswordPage';
import { useDates } from '../../lib/dates';

export function AcceptInvitationPage() {
  const { t, i18n } = useTranslation();
  const dates = useDates();
  const { adopt } = useSession();
  const navigate = useNavigate();
  const [token] = useState(tokenFromHash);
  const preview = useQuery(authQueries.invitation(token));
  const [name, setName] = useState('');
  const [pw, setPw] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>(null);
  const fields = useFieldErrors(error);
  const inv = preview.data;
  const existing = inv?.existing_account ?? false;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!existing && pw !== confirm) return;
    setError(null);
    try {
      const login = await authApi.acceptInvitation({
        token,
        password: pw,
        name: existing ? undefined : name || inv?.name,
        locale: i18n.resolvedLanguage,
      });
      adopt(login);
      navigate('/', { replace: true });
    } catch (err) {
      setError(err);
    }
  };
  const place = inv?.school_name ?? inv?.hub_name ?? t('app.name');
  return (
    <AuthFrame title={t('invitation.title')}>
      {!token ? (
        <p className="notice error">{t('errors.invitation_invalid')}</p>
      ) : (
        <QueryState isLoading={preview.isLoading} error={preview.error}>
          {inv && (
            <form className="stack" onSubmit={(e) => void submit(e)}>
              <p>{t('invitation.intro', { role: t(`roles.${inv.role}`), place })}</p>
              <p className="hint">
                {inv.email} · {t('invitation.expires', { date: dates.dayOf(inv.expires_at) })}
              </p>
              {existing ? (
                <>
                  <p>{t('invitation.existingAccount')}</p>
                  <Field label={t('auth.password')}>
                    {(p) => <input {...p} type="password" autoComplete="current-password" required value={pw} onChange={(e) => setPw(e.target.value)} />}
                  </Field>
                </>
              ) : (
                <>
                  <Field label={t('invitation.name')} error={fields.name}>
                    {(p) => <input {...p} autoComplete="name" required value={name || inv.name || ''} onChange={(e) => setName(e.target.value)} />}
                  </Field>
                  <NewPasswordFields value={pw} confirm={confirm} onChange={setPw} onConfirm={setConfirm} serverError={fields.password} label={t('auth.password')} />
                </>
              )}
              {!fields.password && !fields.name && <ErrorNotice error={error} />}
              <button type="submit">{t('invitation.accept')}</button>
            </form>
          )}
        </QueryState>
      )}
      <p>
        <Link to="/login">{t('auth.backToSignIn')}</Link>
      </p>
    </AuthFrame>
  );
}
