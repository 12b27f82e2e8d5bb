import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { instrumentQueries } from './queries';
import { Field, PageHeader, QueryState } from '../../lib/ui';

/** One version as respondents see it, in any of its languages. */
export function InstrumentVersionPage() {
  const { key = '', version = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [lang, setLang] = useState(i18n.resolvedLanguage ?? 'en');
  const v = useQuery(instrumentQueries.version(key, version, lang));
  return (
    <QueryState isLoading={v.isLoading} error={v.error} retry={() => void v.refetch()}>
      {v.data && (
        <section>
          <PageHeader title={`${v.data.title} · ${t('instruments.version', { version: v.data.version })}`}>
            <Link to="/instruments">{t('instruments.backToList')}</Link>
          </PageHeader>
          <div className="filters">
            <Field label={t('instruments.language')}>
              {(p) => (
                <select {...p} value={lang} onChange={(e) => setLang(e.target.value)}>
                  {v.data.translations.map((tr) => (
                    <option key={tr.language} value={tr.language}>
                      {tr.language} ({t(`instruments.${tr.status}`)})
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <p className="hint">{t('instruments.groups', { groups: v.data.groups.join(', ') })}</p>
          {v.data.areas.map((a) => (
            <div key={a.key} className="card">
              <h2>{a.title}</h2>
              <ol className="items">
                {a.items.map((it) => (
                  <li key={it.key}>
                    <p>
                      <strong>{it.statement}</strong> <code className="hint">{it.key}</code>
                      {!it.core && <span className="chip">{t('instruments.optionalItem')}</span>}
                    </p>
                    {it.help && <p className="hint">{it.help}</p>}
                    <p className="hint">{t('instruments.groups', { groups: it.groups.join(', ') })}</p>
                    {it.options.length > 0 && (
                      <ul>
                        {it.options.map((o) => (
                          <li key={o.value}>
                            <code>{o.value}</code> {o.label}
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </section>
      )}
    </QueryState>
  );
}
