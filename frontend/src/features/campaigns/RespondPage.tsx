import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { LanguageSwitcher } from '../../lib/LanguageSwitcher';
import type { Schemas } from '../../lib/api/client';
import { campaignApi, campaignQueries } from './queries';
import { ErrorNotice, Field, QueryState } from '../../lib/ui';
import { Questionnaire } from '../reflection/Questionnaire';
import { useAnswerQueue } from '../reflection/useAnswerQueue';

interface Stored {
  id: string;
  token: string;
  submitted?: boolean;
}

const storeKey = (code: string) => `ihub.respond.${code}`;
function loadStored(code: string): Stored | null {
  try {
    const raw = localStorage.getItem(storeKey(code));
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}
function saveStored(code: string, s: Stored | null) {
  try {
    if (s) localStorage.setItem(storeKey(code), JSON.stringify(s));
    else localStorage.removeItem(storeKey(code));
  } catch {
    // Private mode: the response still works until the page is closed.
  }
}
const normalise = (c: string) => c.toUpperCase().replace(/[^A-Z0-9]/g, '').replace(/(.{4})(?=.)/g, '$1-');

function PublicFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <header className="topbar">
        <span className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>{t('app.name')}</span>
        </span>
        <div className="session">
          <LanguageSwitcher />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="respond">
        {children}
      </main>
    </>
  );
}

/** Enter an access code (no account needed). */
export function EnterCodePage() {
  const { t } = useTranslation();
  return (
    <PublicFrame>
      <h1>{t('respond.enterTitle')}</h1>
      <CodeForm initial="" />
    </PublicFrame>
  );
}

/** The code box: on the start page, and again under an error (a mistyped code). */
function CodeForm({ initial }: { initial: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [code, setCode] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/respond/${normalise(code)}`);
  };
  return (
    <form onSubmit={submit} className="card" aria-label={t('respond.enterTitle')}>
      <Field label={t('respond.code')} hint={t('respond.codeHint')}>
        {(p) => <input {...p} value={code} autoCapitalize="characters" autoComplete="off" onChange={(e) => setCode(e.target.value)} />}
      </Field>
      <p>
        <button type="submit">{t('respond.open')}</button>
      </p>
    </form>
  );
}

/** The anonymous questionnaire of a group code. */
export function RespondPage() {
  const { code: raw = '' } = useParams();
  const code = normalise(raw);
  const { i18n } = useTranslation();
  const lang = i18n.resolvedLanguage;
  const form = useQuery(campaignQueries.respond(code, lang));
  const { t } = useTranslation();
  if (form.error)
    return (
      <PublicFrame>
        <h1>{t('respond.enterTitle')}</h1>
        <ErrorNotice error={form.error} />
        <p>{t('respond.tryAgain')}</p>
        <CodeForm key={raw} initial={raw} />
      </PublicFrame>
    );
  return (
    <PublicFrame>
      <QueryState isLoading={form.isLoading} error={form.error}>
        {form.data && <Respond code={code} form={form.data} />}
      </QueryState>
    </PublicFrame>
  );
}

function Respond({ code, form }: { code: string; form: Schemas['RespondFormDto'] }) {
  const { t } = useTranslation();
  const [stored, setStored] = useState<Stored | null>(() => loadStored(code));
  const start = useMutation({
    mutationFn: () => campaignApi.startResponse(code),
    onSuccess: (r) => {
      const s = { id: r.id, token: r.token };
      saveStored(code, s);
      setStored(s);
    },
  });
  const again = () => {
    saveStored(code, null);
    setStored(null);
  };
  return (
    <section>
      <h1>{form.campaign}</h1>
      <p>
        {form.school} · {t(`campaigns.group.${form.group}`)}
      </p>
      {stored?.submitted ? (
        <div className="card">
          <h2>{t('respond.thanks')}</h2>
          <p>{t('respond.thanksText')}</p>
          <button type="button" className="secondary" onClick={again}>
            {t('respond.nextPerson')}
          </button>
        </div>
      ) : stored ? (
        <Answering
          code={code}
          form={form}
          stored={stored}
          onSubmitted={() => {
            const s = { ...stored, submitted: true };
            saveStored(code, s);
            setStored(s);
          }}
        />
      ) : (
        <div className="card">
          <p>{form.identified ? t('respond.identifiedNotice') : t('respond.anonymousNotice')}</p>
          <button type="button" onClick={() => start.mutate()} disabled={start.isPending}>
            {t('respond.begin')}
          </button>
          <ErrorNotice error={start.error} />
        </div>
      )}
    </section>
  );
}

function Answering({
  code,
  form,
  stored,
  onSubmitted,
}: {
  code: string;
  form: Schemas['RespondFormDto'];
  stored: Stored;
  onSubmitted: () => void;
}) {
  const { t } = useTranslation();
  const saved = useQuery(campaignQueries.response(code, stored.id, stored.token));
  const { queue } = useAnswerQueue(`ihub.respond.${code}.${stored.id}.answers`, (item, value) =>
    campaignApi.saveAnswer(code, stored.id, stored.token, item, value),
  );
  const answers: Record<string, string> = { ...(saved.data?.answers ?? {}), ...queue.saved(), ...queue.unsent() };
  const all = form.areas.flatMap((a) => a.items);
  const missing = all.filter((it) => it.required && answers[it.key] === undefined);
  const answered = all.filter((it) => answers[it.key] !== undefined).length;
  const submit = useMutation({
    mutationFn: async () => {
      await queue.flush();
      if (queue.size > 0) throw new Error('unsent');
      return campaignApi.submitResponse(code, stored.id, stored.token);
    },
    onSuccess: onSubmitted,
  });
  const areaOf = (key: string) => form.areas.findIndex((a) => a.items.some((it) => it.key === key));
  return (
    <>
      <div className="progress-line">
        <progress max={all.length} value={answered} aria-label={t('reflection.progressLabel')} />
        <span>{t('reflection.progress', { answered, total: all.length })}</span>
        <span className={queue.size > 0 ? 'save-summary pending' : 'save-summary'} role="status">
          {queue.size > 0 ? t('q.waiting', { count: queue.size }) : t('q.allSaved')}
        </span>
      </div>
      <Questionnaire
        areas={form.areas}
        answers={answers}
        onAnswer={(item, value) => queue.put(item, value)}
        itemState={(item) => queue.state(item)}
        finish={
          missing.length > 0 ? (
            <div>
              <p>{t('q.missing')}</p>
              <ul>
                {missing.map((it) => (
                  <li key={it.key}>
                    <a href={`?area=${areaOf(it.key)}`}>{it.statement}</a>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <div>
              <p>{t('respond.ready')}</p>
              <button type="button" onClick={() => submit.mutate()} disabled={submit.isPending}>
                {submit.isPending ? t('q.submitting') : t('q.submit')}
              </button>
              {submit.error instanceof Error && submit.error.message === 'unsent' ? (
                <p role="alert" className="notice error">
                  {t('q.unsentBeforeSubmit')}
                </p>
              ) : (
                <ErrorNotice error={submit.error} />
              )}
            </div>
          )
        }
      />
    </>
  );
}
