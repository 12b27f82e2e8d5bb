import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../lib/api/client';
import { useAbilities } from '../../lib/auth';
import { useDates } from '../../lib/dates';
import { directoryQueries } from '../../lib/directory';
import { datasetKindValues } from '../../lib/api/schema';
import { keys } from '../../lib/queryKeys';
import { ErrorNotice, Field, PageHeader, QueryState, Table, useFieldErrors } from '../../lib/ui';
import { inProgress, researchApi, researchQueries } from './queries';

type Dataset = Schemas['DatasetDto'];
type DatasetKind = Schemas['DatasetKind'];

/** This month and the one a year before, as `YYYY-MM`. */
function defaultPeriod(): { from: string; to: string } {
  const now = new Date();
  const to = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const from = `${now.getUTCFullYear() - 1}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  return { from, to };
}

/** Research data: data-use agreements, generating datasets and downloading them. */
export function ResearchPage() {
  const { t } = useTranslation();
  const can = useAbilities();
  const datasets = useQuery(researchQueries.datasets());
  const recipients = useQuery(researchQueries.recipients());
  const mayGenerate = can.isAdmin || can.researchedHubs.length > 0;
  const mayRecord = can.isAdmin || can.coordinatedHubs.length > 0;
  return (
    <section>
      <PageHeader title={t('research.title')} />
      <p className="hint">{t('research.intro')}</p>
      <details className="card">
        <summary>{t('research.methodTitle')}</summary>
        <p>{t('research.method')}</p>
      </details>
      {mayGenerate && <GenerateForm recipients={recipients.data ?? []} />}
      <h2>{t('research.datasets')}</h2>
      <QueryState
        isLoading={datasets.isLoading}
        error={datasets.error}
        isEmpty={(datasets.data ?? []).length === 0}
        emptyText={t('research.noDatasets')}
        retry={() => void datasets.refetch()}
      >
        <DatasetTable rows={datasets.data ?? []} />
      </QueryState>
      <Agreements mayRecord={mayRecord} recipients={recipients.data ?? []} />
    </section>
  );
}

function DatasetTable({ rows }: { rows: Dataset[] }) {
  const { t } = useTranslation();
  const dates = useDates();
  const [error, setError] = useState<unknown>(null);
  const download = useMutation({
    mutationFn: researchApi.download,
    onMutate: () => setError(null),
    onError: setError,
  });
  const scope = (d: Dataset) => `${t(`analytics.scopes.${d.scope}`)}${d.scope_name ? `: ${d.scope_name}` : ''}`;
  return (
    <>
      <ErrorNotice error={error} />
      <Table caption={t('research.datasets')}>
        <thead>
          <tr>
            <th scope="col">{t('research.kind')}</th>
            <th scope="col">{t('research.scope')}</th>
            <th scope="col">{t('research.period')}</th>
            <th scope="col" className="optional">
              {t('research.organisation')}
            </th>
            <th scope="col">{t('research.statusTitle')}</th>
            <th scope="col" className="num">
              {t('research.rows')}
            </th>
            <th scope="col">
              <span className="visually-hidden">{t('research.download')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id}>
              <td>{t(`research.kinds.${d.kind}`)}</td>
              <td>{scope(d)}</td>
              <td>
                {d.from} – {d.to}
              </td>
              <td className="optional">{d.organisation_name}</td>
              <td>
                {t(`research.status.${d.status}`)}
                {inProgress(d) && d.rows_total > 0 && (
                  <progress
                    max={d.rows_total}
                    value={Math.min(d.rows_done, d.rows_total)}
                    aria-label={t('research.progress', { done: d.rows_done, total: d.rows_total })}
                  />
                )}
                {d.status === 'ready' && d.expires_at && (
                  <span className="hint"> · {t('research.keptUntil', { date: dates.moment(d.expires_at) })}</span>
                )}
                {d.error && <span className="hint"> · {d.error}</span>}
              </td>
              <td className="num">
                {d.rows_done.toLocaleString()}
                {d.rows_dropped > 0 && <span className="hint"> ({t('research.dropped', { count: d.rows_dropped })})</span>}
              </td>
              <td>
                {d.downloadable && (
                  <button type="button" className="secondary" disabled={download.isPending} onClick={() => download.mutate(d.id)}>
                    {t('research.download')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}

function GenerateForm({ recipients }: { recipients: Schemas['RecipientDto'][] }) {
  const { t } = useTranslation();
  const can = useAbilities();
  const qc = useQueryClient();
  const hubs = useQuery(directoryQueries.hubOptions());
  const [org, setOrg] = useState('');
  const [kind, setKind] = useState<DatasetKind>('reflection_answers');
  const [scope, setScope] = useState<'platform' | 'hub' | 'school'>(can.isAdmin ? 'platform' : 'hub');
  const [hub, setHub] = useState('');
  const [school, setSchool] = useState('');
  const [period, setPeriod] = useState(defaultPeriod);
  const recipient = recipients.find((r) => r.organisation_id === org);
  const hubChoices = (hubs.data ?? []).filter(
    (h) => (!recipient || recipient.hub_ids.includes(h.id)) && (can.isAdmin || can.researchedHubs.includes(h.id)),
  );
  const schools = useQuery({ ...directoryQueries.schoolOptions(hub), enabled: scope === 'school' && !!hub });
  const create = useMutation({
    mutationFn: researchApi.createDataset,
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.research.datasets() }),
  });
  const errors = useFieldErrors(create.error);
  const scopeId = scope === 'hub' ? hub : scope === 'school' ? school : undefined;
  return (
    <form
      className="card"
      aria-labelledby="generate-title"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ organisation_id: org, kind, scope, scope_id: scopeId || undefined, from: period.from, to: period.to });
      }}
    >
      <h2 id="generate-title">{t('research.generate')}</h2>
      <div className="grid">
        <Field label={t('research.organisation')} error={errors.organisation_id}>
          {(p) => (
            <select {...p} required value={org} onChange={(e) => setOrg(e.target.value)}>
              <option value="">{t('research.chooseOrganisation')}</option>
              {recipients.map((r) => (
                <option key={r.organisation_id} value={r.organisation_id}>
                  {r.organisation_name}
                  {r.agreement ? '' : ` (${t('research.noAgreementShort')})`}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('research.kind')} error={errors.kind}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as DatasetKind)}>
              {datasetKindValues.map((k) => (
                <option key={k} value={k}>
                  {t(`research.kinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('research.scope')} error={errors.scope}>
          {(p) => (
            <select {...p} value={scope} onChange={(e) => setScope(e.target.value as typeof scope)}>
              {can.isAdmin && <option value="platform">{t('analytics.scopes.platform')}</option>}
              <option value="hub">{t('analytics.scopes.hub')}</option>
              <option value="school">{t('analytics.scopes.school')}</option>
            </select>
          )}
        </Field>
        {scope !== 'platform' && (
          <Field label={t('analytics.scopes.hub')} error={scope === 'hub' ? errors.scope_id : undefined}>
            {(p) => (
              <select {...p} required value={hub} onChange={(e) => setHub(e.target.value)}>
                <option value="">{t('research.chooseHub')}</option>
                {hubChoices.map((h) => (
                  <option key={h.id} value={h.id}>
                    {h.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {scope === 'school' && (
          <Field label={t('analytics.scopes.school')} error={errors.scope_id}>
            {(p) => (
              <select {...p} required value={school} onChange={(e) => setSchool(e.target.value)}>
                <option value="">{t('research.chooseSchool')}</option>
                {(schools.data ?? []).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t('research.from')} error={errors.from}>
          {(p) => <input {...p} type="month" required value={period.from} onChange={(e) => setPeriod({ ...period, from: e.target.value })} />}
        </Field>
        <Field label={t('research.to')} error={errors.to}>
          {(p) => <input {...p} type="month" required value={period.to} onChange={(e) => setPeriod({ ...period, to: e.target.value })} />}
        </Field>
      </div>
      {recipient && !recipient.agreement && <p className="notice">{t('research.needsAgreement')}</p>}
      {create.error && Object.keys(errors).length === 0 && <ErrorNotice error={create.error} />}
      {create.isSuccess && (
        <p role="status" className="notice">
          {t('research.queued')}
        </p>
      )}
      <div className="row-actions">
        <button type="submit" disabled={create.isPending}>
          {t('research.generateButton')}
        </button>
      </div>
    </form>
  );
}

function Agreements({ mayRecord, recipients }: { mayRecord: boolean; recipients: Schemas['RecipientDto'][] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const agreements = useQuery(researchQueries.agreements());
  const [draft, setDraft] = useState({ organisation_id: '', reference: '', signed_on: '', valid_until: '' });
  const record = useMutation({
    mutationFn: researchApi.recordAgreement,
    onSuccess: () => {
      setDraft({ organisation_id: '', reference: '', signed_on: '', valid_until: '' });
      void qc.invalidateQueries({ queryKey: keys.research.all });
    },
  });
  const errors = useFieldErrors(record.error);
  return (
    <>
      <h2 id="agreements-title">{t('research.agreements')}</h2>
      <p className="hint">{t('research.agreementsIntro')}</p>
      <QueryState
        isLoading={agreements.isLoading}
        error={agreements.error}
        isEmpty={(agreements.data ?? []).length === 0}
        emptyText={t('research.noAgreements')}
      >
        <Table caption={t('research.agreements')}>
          <thead>
            <tr>
              <th scope="col">{t('research.organisation')}</th>
              <th scope="col">{t('research.reference')}</th>
              <th scope="col">{t('research.signedOn')}</th>
              <th scope="col">{t('research.validUntil')}</th>
              <th scope="col">{t('research.holds')}</th>
            </tr>
          </thead>
          <tbody>
            {(agreements.data ?? []).map((a) => (
              <tr key={a.id}>
                <td>{a.organisation_name}</td>
                <td>{a.reference}</td>
                <td>{a.signed_on}</td>
                <td>{a.valid_until ?? t('research.untilRevoked')}</td>
                <td>{t(a.holds ? 'common.yes' : 'common.no')}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </QueryState>
      {mayRecord && (
        <form
          className="card"
          aria-labelledby="record-title"
          onSubmit={(e) => {
            e.preventDefault();
            record.mutate({ ...draft, valid_until: draft.valid_until || undefined });
          }}
        >
          <h3 id="record-title">{t('research.recordAgreement')}</h3>
          <div className="grid">
            <Field label={t('research.organisation')} error={errors.organisation_id}>
              {(p) => (
                <select {...p} required value={draft.organisation_id} onChange={(e) => setDraft({ ...draft, organisation_id: e.target.value })}>
                  <option value="">{t('research.chooseOrganisation')}</option>
                  {recipients.map((r) => (
                    <option key={r.organisation_id} value={r.organisation_id}>
                      {r.organisation_name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('research.reference')} error={errors.reference}>
              {(p) => <input {...p} required maxLength={200} value={draft.reference} onChange={(e) => setDraft({ ...draft, reference: e.target.value })} />}
            </Field>
            <Field label={t('research.signedOn')} error={errors.signed_on}>
              {(p) => <input {...p} type="date" required value={draft.signed_on} onChange={(e) => setDraft({ ...draft, signed_on: e.target.value })} />}
            </Field>
            <Field label={t('research.validUntil')} error={errors.valid_until} hint={t('research.validUntilHint')}>
              {(p) => <input {...p} type="date" value={draft.valid_until} onChange={(e) => setDraft({ ...draft, valid_until: e.target.value })} />}
            </Field>
          </div>
          {record.error && Object.keys(errors).length === 0 && <ErrorNotice error={record.error} />}
          <div className="row-actions">
            <button type="submit" disabled={record.isPending}>
              {t('research.record')}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
