import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';
import { reflectionApi, reflectionQueries } from './queries';
import { ErrorNotice, PageHeader, QueryState } from '../../lib/ui';
import { Questionnaire } from './Questionnaire';
import { useAnswerQueue } from './useAnswerQueue';

/** Answering a self-reflection: one area at a time, saved as you go, also offline. */
export function ReflectionPage() {
  const { id = '' } = useParams();
  const { i18n } = useTranslation();
  const lang = i18n.resolvedLanguage;
  const form = useQuery(reflectionQueries.one(id, lang));
  return (
    <QueryState isLoading={form.isLoading} error={form.error} retry={() => void form.refetch()}>
      {form.data && <Answering id={id} data={form.data} />}
    </QueryState>
  );
}

type Form = Schemas['ReflectionFormDto'];

function Answering({ id, data }: { id: string; data: Form }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { queue } = useAnswerQueue(`ihub.reflection.${id}`, (item, value) => reflectionApi.saveAnswer(id, item, value));
  const r = data.reflection;
  const submitted = r.status === 'submitted';
  // What the server has, overlaid with what is still on its way from this device.
  const answers: Record<string, string> = submitted ? r.answers : { ...r.answers, ...queue.saved(), ...queue.unsent() };
  const required = data.areas.flatMap((a) => a.items.filter((it) => it.required));
  const missing = required.filter((it) => answers[it.key] === undefined);
  const total = data.areas.reduce((n, a) => n + a.items.length, 0);
  const answered = data.areas.reduce((n, a) => n + a.items.filter((it) => answers[it.key] !== undefined).length, 0);
  const waiting = queue.size;
  const submit = useMutation({
    mutationFn: async () => {
      await queue.flush();
      if (queue.size > 0) throw new Error('unsent');
      return reflectionApi.submit(id, i18n.resolvedLanguage);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.reflections.all });
      navigate(`/reflections/${id}/report`);
    },
  });
  const areaOf = (key: string) => data.areas.findIndex((a) => a.items.some((it) => it.key === key));
  return (
    <section>
      <PageHeader title={r.title}>
        <Link to="/reflections">{t('reflection.backToList')}</Link>
      </PageHeader>
      <div className="progress-line">
        <progress max={total} value={answered} aria-label={t('reflection.progressLabel')} />
        <span>{t('reflection.progress', { answered, total })}</span>
        <span className={waiting > 0 ? 'save-summary pending' : 'save-summary'} role="status">
          {submitted ? t('q.submittedNotice') : waiting > 0 ? t('q.waiting', { count: waiting }) : t('q.allSaved')}
        </span>
      </div>
      <Questionnaire
        areas={data.areas}
        answers={answers}
        readOnly={submitted}
        onAnswer={(item, value) => queue.put(item, value)}
        itemState={(item) => queue.state(item)}
        finish={
          submitted ? (
            <p>
              <Link className="button" to={`/reflections/${id}/report`}>
                {t('reflection.viewReport')}
              </Link>
            </p>
          ) : missing.length > 0 ? (
            <div>
              <p>{t('q.missing')}</p>
              <ul>
                {missing.map((it) => (
                  <li key={it.key}>
                    <Link to={`?area=${areaOf(it.key)}`}>{it.statement}</Link>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <div>
              <p>{t('q.ready')}</p>
              <button type="button" onClick={() => submit.mutate()} disabled={submit.isPending}>
                {submit.isPending ? t('q.submitting') : t('q.submit')}
              </button>
              {submit.error &&
                (submit.error instanceof Error && submit.error.message === 'unsent' ? (
                  <p role="alert" className="notice error">
                    {t('q.unsentBeforeSubmit')}
                  </p>
                ) : (
                  <ErrorNotice error={submit.error} />
                ))}
            </div>
          )
        }
      />
    </section>
  );
}
