import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';
import { campaignApi, campaignQueries } from './queries';
import { ErrorNotice, Field, useFieldErrors } from '../../lib/ui';
import { respondentGroupValues } from '../../lib/api/schema';
import { useDates } from '../../lib/dates';


function localDate(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A school's readiness campaigns, and a form to start one (its leaders). */
export function CampaignsSection({ schoolId, canManage, languages = [] }: { schoolId: string; canManage: boolean; languages?: string[] }) {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const list = useQuery(campaignQueries.ofSchool(schoolId));
  const dates = useDates();
  if (!canManage && (list.data?.length ?? 0) === 0) return null;
  return (
    <div className="card">
      <div className="page-header">
        <h2>{t('campaigns.title')}</h2>
        {canManage && (
          <button type="button" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
            {t('campaigns.new')}
          </button>
        )}
      </div>
      {creating && (
        <CampaignForm
          schoolId={schoolId}
          languages={languages}
          earlier={list.data?.find((c) => c.custom_items.length > 0)?.custom_items ?? []}
        />
      )}
      {list.data && list.data.length === 0 && <p className="state empty">{t('campaigns.empty')}</p>}
      {list.data && list.data.length > 0 && (
        <ul className="plain-list">
          {list.data.map((c) => (
            <li key={c.id}>
              <Link to={`/campaigns/${c.id}`}>{c.name}</Link> · {t(`campaigns.status.${c.status}`)} ·{' '}
              {dates.day(c.opens_on)} – {dates.day(c.closes_on)}
            </li>
          ))}
        </ul>
      )}
      <ErrorNotice error={list.error} />
    </div>
  );
}

type OwnItem = Schemas['CustomItem'];

function CampaignForm({ schoolId, languages, earlier }: { schoolId: string; languages: string[]; earlier: OwnItem[] }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [groups, setGroups] = useState<Schemas['RespondentGroup'][]>([...respondentGroupValues]);
  const [opens, setOpens] = useState(localDate());
  const [closes, setCloses] = useState(localDate(14));
  const [expected, setExpected] = useState<Record<string, string>>({});
  const [custom, setCustom] = useState('');
  // The earlier campaign's own questions asked again keep their key: the report then
  // compares them with last time.
  const [again, setAgain] = useState<string[]>([]);
  const [translated, setTranslated] = useState<Record<string, string>>({});
  const languageName = (code: string) => new Intl.DisplayNames([i18n.resolvedLanguage ?? 'en'], { type: 'language' }).of(code) ?? code;
  const lines = (text: string) => text.split('\n').map((s) => s.trim());
  const newItems = (): OwnItem[] =>
    lines(custom)
      .map((statement, i) => ({ statement, i }))
      .filter((x) => x.statement)
      .map(({ statement, i }) => {
        const translations: Record<string, string> = {};
        for (const [lang, text] of Object.entries(translated)) {
          const line = lines(text)[i];
          if (line) translations[lang] = line;
        }
        return { statement, translations };
      });
  const create = useMutation({
    mutationFn: () =>
      campaignApi.create(schoolId, {
        name,
        groups,
        opens_on: opens,
        closes_on: closes,
        expected: Object.fromEntries(
          Object.entries(expected)
            .filter(([g, v]) => groups.some((x) => x === g) && v.trim() !== '')
            .map(([g, v]) => [g, Number(v)]),
        ),
        custom_items: [...earlier.filter((q) => q.key && again.includes(q.key)), ...newItems()],
      }),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: keys.campaigns.ofSchool(schoolId) });
      navigate(`/campaigns/${c.id}`);
    },
  });
  const errs = useFieldErrors(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="card">
      <div className="grid">
        <Field label={t('campaigns.name')} error={errs.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} required />}
        </Field>
        <Field label={t('campaigns.opensOn')} error={errs.opens_on}>
          {(p) => <input {...p} type="date" value={opens} onChange={(e) => setOpens(e.target.value)} />}
        </Field>
        <Field label={t('campaigns.closesOn')} error={errs.closes_on}>
          {(p) => <input {...p} type="date" value={closes} onChange={(e) => setCloses(e.target.value)} />}
        </Field>
      </div>
      <fieldset className="group-picks">
        <legend>{t('campaigns.groups')}</legend>
        {respondentGroupValues.map((g) => (
          <div key={g} className="group-pick">
            <label>
              <input
                type="checkbox"
                checked={groups.includes(g)}
                onChange={(e) => setGroups((gs) => (e.target.checked ? [...gs, g] : gs.filter((x) => x !== g)))}
              />{' '}
              {t(`campaigns.group.${g}`)}
            </label>
            {groups.includes(g) && (
              <Field label={t('campaigns.expected')}>
                {(p) => (
                  <input
                    {...p}
                    type="number"
                    min={0}
                    inputMode="numeric"
                    value={expected[g] ?? ''}
                    onChange={(e) => setExpected((x) => ({ ...x, [g]: e.target.value }))}
                  />
                )}
              </Field>
            )}
          </div>
        ))}
        {errs.groups && <p className="field-error">{errs.groups}</p>}
      </fieldset>
      {earlier.length > 0 && (
        <fieldset className="checks">
          <legend>{t('campaigns.askAgain')}</legend>
          <p className="hint">{t('campaigns.askAgainHint')}</p>
          {earlier.map((q) => (
            <label key={q.key} className="check">
              <input
                type="checkbox"
                checked={!!q.key && again.includes(q.key)}
                onChange={(e) => setAgain((a) => (e.target.checked ? [...a, q.key ?? ''] : a.filter((k) => k !== q.key)))}
              />
              <span>{q.statement}</span>
            </label>
          ))}
        </fieldset>
      )}
      <Field
        label={t('campaigns.customItems')}
        hint={t('campaigns.customHint')}
        error={errs.custom_items ?? Object.entries(errs).find(([k]) => k.startsWith('custom_items'))?.[1]}
      >
        {(p) => <textarea {...p} rows={3} value={custom} onChange={(e) => setCustom(e.target.value)} />}
      </Field>
      {custom.trim() !== '' &&
        languages.map((lang) => (
          <Field key={lang} label={t('campaigns.customIn', { language: languageName(lang) })} hint={t('campaigns.customInHint')}>
            {(p) => (
              <textarea
                {...p}
                rows={3}
                lang={lang}
                value={translated[lang] ?? ''}
                onChange={(e) => setTranslated((x) => ({ ...x, [lang]: e.target.value }))}
              />
            )}
          </Field>
        ))}
      <p>
        <button type="submit" disabled={create.isPending}>
          {t('campaigns.create')}
        </button>
      </p>
      {!Object.keys(errs).length && <ErrorNotice error={create.error} />}
    </form>
  );
}
