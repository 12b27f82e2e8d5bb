import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n';
import { api } from './api/client';
import { useSession } from './auth';

/** Choices made so far (the latest one wins). */
let choices = 0;

/** Switches the interface language; for a signed-in person it is remembered in the profile. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const { user, setUser } = useSession();
  const change = async (lng: string) => {
    const mine = ++choices;
    await i18n.changeLanguage(lng);
    // Languages load on demand: a later choice made while this one was loading wins, and
    // only that one is saved to the profile.
    if (mine !== choices) return;
    if (user && user.locale !== lng) {
      const res = await api.PATCH('/api/v1/me', { body: { locale: lng } });
      if (res.data) setUser(res.data);
    }
  };
  return (
    <label className="language">
      <span className="visually-hidden">{t('nav.language')}</span>
      <select value={i18n.resolvedLanguage} onChange={(e) => void change(e.target.value)} aria-label={t('nav.language')}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}
