import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { profileApi } from './queries';
import { useSession } from '../../lib/auth';
import { ErrorNotice, Field, PageHeader, useFieldErrors } from '../../lib/ui';
import { LANGUAGES } from '../../i18n';
import { NewPasswordFields } from '../auth/NewPasswordFields';

export function ProfilePage() {
  const { t, i18n } = useTranslation();
  const { user, setUser, adopt } = useSession();
  const [name, setName] = useState(user?.name ?? '');
  const [locale, setLocale] = useState(user?.locale ?? 'en');
  const [byEmail, setByEmail] = useState(user?.notify_by_email ?? true);
  const [inStatistics, setInStatistics] = useState(user?.in_statistics ?? true);
  const save = useMutation({
    mutationFn: () => profileApi.update({ name, locale, notify_by_email: byEmail, in_statistics: inStatistics }),
    onSuccess: (p) => {
      setUser(p);
      void i18n.changeLanguage(p.locale);
    },
  });
  const [current, setCurrent] = useState('');
  const [pw, setPw] = useState('');
  const [confirm, setConfirm] = useState('');
  const change = useMutation({
    mutationFn: () => profileApi.changePassword(current, pw),
    onSuccess: (login) => {
      adopt(login);
      setCurrent('');
      setPw('');
      setConfirm('');
    },
  });
  const pf = useFieldErrors(change.error);
  const nf = useFieldErrors(save.error);
  const submitProfile = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const submitPassword = (e: FormEvent) => {
    e.preventDefault();
    if (pw === confirm) change.mutate();
  };
  return (
    <section>
      <PageHeader title={t('profile.title')} />
      <form className="card stack" onSubmit={submitProfile} aria-labelledby="profile-h">
        <h2 id="profile-h">{t('profile.details')}</h2>
        <Field label={t('people.name')} error={nf.name}>
          {(p) => <input {...p} required autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('profile.language')}>
          {(p) => (
            <select {...p} value={locale} onChange={(e) => setLocale(e.target.value)}>
              {LANGUAGES.map((l) => (
                <option key={l.code} value={l.code} lang={l.code}>
                  {l.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="field">
          <label className="check">
            <input type="checkbox" checked={byEmail} onChange={(e) => setByEmail(e.target.checked)} aria-describedby="by-email-hint" />{' '}
            {t('profile.notifyByEmail')}
          </label>
          <small id="by-email-hint" className="hint">
            {user?.email_available === false ? t('profile.emailUnavailable') : t('profile.notifyByEmailHint', { email: user?.email ?? '' })}
          </small>
        </div>
        <div className="field">
          <label className="check">
            <input type="checkbox" checked={inStatistics} onChange={(e) => setInStatistics(e.target.checked)} aria-describedby="statistics-hint" />{' '}
            {t('profile.inStatistics')}
          </label>
          <small id="statistics-hint" className="hint">
            {t('profile.inStatisticsHint')}
          </small>
        </div>
        {Object.keys(nf).length === 0 && <ErrorNotice error={save.error} />}
        {save.isSuccess && (
          <p className="notice ok" role="status">
            {t('common.saved')}
          </p>
        )}
        <div className="row-actions">
          <button type="submit" disabled={save.isPending}>
            {t('common.save')}
          </button>
        </div>
      </form>
      <form className="card stack" onSubmit={submitPassword} aria-labelledby="password-h">
        <h2 id="password-h">{t('profile.changePassword')}</h2>
        <Field label={t('profile.currentPassword')} error={pf.current_password}>
          {(p) => <input {...p} type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />}
        </Field>
        <NewPasswordFields value={pw} confirm={confirm} onChange={setPw} onConfirm={setConfirm} serverError={pf.new_password} />
        {Object.keys(pf).length === 0 && <ErrorNotice error={change.error} />}
        {change.isSuccess && (
          <p className="notice ok" role="status">
            {t('auth.passwordChanged')}
          </p>
        )}
        <div className="row-actions">
          <button type="submit" disabled={change.isPending}>
            {t('profile.changePassword')}
          </button>
        </div>
      </form>
    </section>
  );
}
