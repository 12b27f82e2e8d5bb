import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../../lib/LanguageSwitcher';

/** The frame of the pages one sees before signing in. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <main className="auth-page" id="main">
      <div className="brand">
        <img src="/favicon.svg" alt="" width={32} height={32} />
        <span>{t('app.name')}</span>
      </div>
      <div className="card">
        <h1>{title}</h1>
        {children}
      </div>
      <LanguageSwitcher />
    </main>
  );
}
