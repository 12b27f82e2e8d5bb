import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';
import { mentoringApi, mentoringQueries } from './queries';
import { useAbilities } from '../../lib/auth';
import { heat } from '../../lib/heat';
import { ErrorNotice, Field, PageHeader, QueryState, Table, useFieldErrors } from '../../lib/ui';
import { useDate } from './hooks';
import { findingStateValues, needsPriorityValues, needsTopicValues } from '../../lib/api/schema';
import { oneOf } from '../../lib/enums';

type Needs = Schemas['NeedsDto'];
type Finding = Schemas['FindingDto'];
type Row = { state: Schemas['FindingState'] | ''; priority: Schemas['NeedsPriority']; note: string };

const keyOf = (topic: string, item: string) => `${topic}\u0000${item}`;

/** Words for checklist items: the defaults are translated, a hub's own show as written. */
function useItemLabel() {
  const { t } = useTranslation();
  return (item: { item: string; custom: boolean }) => (item.custom ? item.item : t(`needs.items.${item.item}`, { defaultValue: item.item }));
}

/** Needs mapping of an enrolled school: the readiness campaign it starts from and the
 *  hub's infrastructure and digital-security checklist, recorded per cycle. */
export function NeedsPage() {
  const { id = '' } = useParams();
  const { i18n } = useTranslation();
  const needs = useQuery(mentoringQueries.needs(id, i18n.resolvedLanguage));
  const n = needs.data;
  return (
    <QueryState isLoading={needs.isLoading} error={needs.error} retry={() => void needs.refetch()}>
      {n && <NeedsView key={`${n.enrolment_id}-${n.cycle}`} n={n} />}
    </QueryState>
  );
}

function NeedsView({ n }: { n: Needs }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const date = useDate();
  const label = useItemLabel();
  const can = useAbilities();
  const num = new Intl.NumberFormat(i18n.resolvedLanguage, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const initial = () => {
    const m: Record<string, Row> = {};
    for (const f of n.findings) m[keyOf(f.topic, f.item)] = { state: f.state, priority: f.priority, note: f.note ?? '' };
    return m;
  };
  const [rows, setRows] = useState<Record<string, Row>>(initial);
  const [campaign, setCampaign] = useState(n.campaign?.id ?? '');
  const previous = new Map<string, Finding>(n.previous.map((f) => [keyOf(f.topic, f.item), f]));
  // Items recorded earlier that are no longer on the hub's list stay visible.
  const items = [
    ...n.checklist,
    ...n.findings.filter((f) => !n.checklist.some((c) => c.topic === f.topic && c.item === f.item)).map((f) => ({ topic: f.topic, item: f.item, custom: f.custom })),
  ];
  // The items with a state, in the order they are sent (errors name them by position).
  const assessed = () =>
    items.flatMap((c) => {
      const r = rows[keyOf(c.topic, c.item)];
      return r && r.state ? [{ c, r }] : [];
    });
  const save = useMutation({
    mutationFn: () =>
      mentoringApi.saveNeeds(n, i18n.resolvedLanguage, {
        campaign_id: campaign || null,
        findings: assessed().flatMap(({ c, r }) =>
          r.state ? [{ topic: c.topic, item: c.item, state: r.state, priority: r.priority, note: r.note.trim() || undefined }] : [],
        ),
      }),
    onSuccess: (fresh) => {
      qc.setQueryData(keys.needs.ofEnrolment(n.enrolment_id, i18n.resolvedLanguage), fresh);
      void qc.invalidateQueries({ queryKey: keys.board.one(n.programme_id) });
    },
  });
  const errs = useFieldErrors(save.error);
  const set = (k: string, patch: Partial<Row>) =>
    setRows((r) => ({ ...r, [k]: { ...(r[k] ?? { state: '', priority: 'medium', note: '' }), ...patch } }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const s = n.summary;
  const c = n.campaign;
  const coordinates = can.isAdmin || can.coordinatedHubs.includes(n.hub_id);
  return (
    <section>
      <PageHeader title={t('needs.title', { school: n.school_name })}>
        <Link to={`/mentoring/programmes/${n.programme_id}`}>{t('needs.back', { programme: n.programme_name })}</Link>
      </PageHeader>
      <p className="hint">
        {t('mentoring.cycle', { n: n.cycle })} · {t('needs.intro')}
      </p>
      <p data-testid="needs-summary" role="status">
        {s.recorded === 0
          ? t('needs.noneYet')
          : t('needs.summary', { recorded: s.recorded, missing: s.missing, partial: s.partial, high: s.open_high })}
      </p>

      <form onSubmit={submit} noValidate aria-label={t('needs.title', { school: n.school_name })}>
        <div className="card">
          <h2>{t('needs.startingPoint')}</h2>
          {n.can_edit && (n.campaigns.length > 0 || c) ? (
            <Field label={t('needs.campaign')} error={errs.campaign_id} hint={t('needs.campaignHint')}>
              {(p) => (
                <select {...p} value={campaign} onChange={(e) => setCampaign(e.target.value)}>
                  <option value="">{t('needs.noCampaign')}</option>
                  {c && !n.campaigns.some((x) => x.id === c.id) && <option value={c.id}>{c.name}</option>}
                  {n.campaigns.map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.name} ({date(x.closes_on)})
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : (
            !c && <p className="state empty">{t('needs.noCampaigns')}</p>
          )}
          {c && (
            <>
              <p>
                <strong>{c.name}</strong> · {t('needs.closes', { date: date(c.closes_on) })}{' '}
                {c.results_visible && (
                  <Link to={`/campaigns/${c.id}/report`}>{t('needs.openReport')}</Link>
                )}
              </p>
              {!c.results_visible ? (
                <p className="notice-inline">{t('needs.notShared')}</p>
              ) : (
                <>
                  {c.areas.length > 0 && (
                    <Table caption={t('needs.areas')} showCaption>
                      <thead>
                        <tr>
                          <th scope="col">{t('needs.area')}</th>
                          <th scope="col">{t('needs.mean')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {c.areas.map((a) => (
                          <tr key={a.key}>
                            <th scope="row">{a.title}</th>
                            <td style={{ background: heat(a.mean) }}>{num.format(a.mean)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </Table>
                  )}
                  {c.focus.length > 0 && (
                    <>
                      <h3>{t('needs.focus')}</h3>
                      <ul>
                        {c.focus.map((f) => (
                          <li key={f.item}>{f.statement}</li>
                        ))}
                      </ul>
                    </>
                  )}
                </>
              )}
            </>
          )}
        </div>

        {needsTopicValues.map((topic) => (
          <fieldset key={topic} className="card needs-topic">
            <legend>{t(`needs.topics.${topic}`)}</legend>
            {items
              .filter((i) => i.topic === topic)
              .map((i) => {
                const k = keyOf(i.topic, i.item);
                const r = rows[k];
                const before = previous.get(k);
                const index = assessed().findIndex(({ c }) => c === i);
                const itemErr = index >= 0 ? errs[`findings.${index}.item`] ?? errs[`findings.${index}.note`] : undefined;
                return (
                  <div key={k} className={`needs-item${r?.state ? ` finding-${r.state}` : ''}`} data-testid="needs-item">
                    <p className="needs-item-title">
                      <strong>{label(i)}</strong>
                      {before && (
                        <span className="hint">
                          {' '}
                          · {t('needs.lastCycle', { state: t(`needs.states.${before.state}`) })}
                        </span>
                      )}
                    </p>
                    {n.can_edit ? (
                      <div className="grid">
                        <Field label={t('needs.state')}>
                          {(p) => (
                            <select {...p} value={r?.state ?? ''} onChange={(e) => set(k, { state: e.target.value === '' ? '' : oneOf(findingStateValues, e.target.value) })} aria-label={`${label(i)}: ${t('needs.state')}`}>
                              <option value="">{t('needs.notAssessed')}</option>
                              {findingStateValues.map((st) => (
                                <option key={st} value={st}>
                                  {t(`needs.states.${st}`)}
                                </option>
                              ))}
                            </select>
                          )}
                        </Field>
                        {r?.state && (
                          <>
                            <Field label={t('needs.priority')}>
                              {(p) => (
                                <select
                                  {...p}
                                  value={r?.priority ?? 'medium'}
                                  onChange={(e) => set(k, { priority: oneOf(needsPriorityValues, e.target.value) })}
                                  aria-label={`${label(i)}: ${t('needs.priority')}`}
                                >
                                  {needsPriorityValues.map((pr) => (
                                    <option key={pr} value={pr}>
                                      {t(`needs.priorities.${pr}`)}
                                    </option>
                                  ))}
                                </select>
                              )}
                            </Field>
                            <Field label={t('needs.note')} error={itemErr}>
                              {(p) => (
                                <input
                                  {...p}
                                  value={r?.note ?? ''}
                                  maxLength={2000}
                                  onChange={(e) => set(k, { note: e.target.value })}
                                  aria-label={`${label(i)}: ${t('needs.note')}`}
                                />
                              )}
                            </Field>
                          </>
                        )}
                      </div>
                    ) : r?.state ? (
                      <p>
                        {t(`needs.states.${r.state}`)} · {t(`needs.priorities.${r.priority}`)}
                        {r.note && <> · {r.note}</>}
                      </p>
                    ) : (
                      <p className="hint">{t('needs.notAssessed')}</p>
                    )}
                  </div>
                );
              })}
          </fieldset>
        ))}
        {n.can_edit && (
          <div className="row-actions sticky-actions">
            <button type="submit" disabled={save.isPending}>
              {t('common.save')}
            </button>
            {save.isSuccess && (
              <span className="notice ok" role="status">
                {t('common.saved')}
              </span>
            )}
          </div>
        )}
        <ErrorNotice error={save.error} />
      </form>
      {coordinates && <AddChecklistItem hubId={n.hub_id} enrolment={n.enrolment_id} />}
    </section>
  );
}

/** Coordinators add the hub's own items to the checklist (every school of the hub sees them). */
function AddChecklistItem({ hubId, enrolment }: { hubId: string; enrolment: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [topic, setTopic] = useState<Schemas['NeedsTopic']>('infrastructure');
  const [value, setValue] = useState('');
  const add = useMutation({
    mutationFn: () => mentoringApi.addVocabulary(hubId, { list: 'needs_item', topic, value }),
    onSuccess: () => {
      setValue('');
      void qc.invalidateQueries({ queryKey: keys.needs.ofEnrolment(enrolment) });
      void qc.invalidateQueries({ queryKey: keys.hubs.vocabulary(hubId) });
    },
  });
  const errs = useFieldErrors(add.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim()) add.mutate();
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="add-item-h">
      <h2 id="add-item-h">{t('needs.addItem')}</h2>
      <p className="hint">{t('needs.addItemHint')}</p>
      <div className="grid">
        <Field label={t('needs.topic')} error={errs.topic}>
          {(p) => (
            <select {...p} value={topic} onChange={(e) => setTopic(oneOf(needsTopicValues, e.target.value))}>
              {needsTopicValues.map((x) => (
                <option key={x} value={x}>
                  {t(`needs.topics.${x}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('needs.itemText')} error={errs.value}>
          {(p) => <input {...p} value={value} maxLength={120} onChange={(e) => setValue(e.target.value)} />}
        </Field>
      </div>
      <p>
        <button type="submit" className="secondary" disabled={add.isPending || !value.trim()}>
          {t('needs.addItemButton')}
        </button>
      </p>
      {Object.keys(errs).length === 0 && <ErrorNotice error={add.error} />}
    </form>
  );
}
