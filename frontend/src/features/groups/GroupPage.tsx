import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { keys } from '../../lib/queryKeys';
import { groupApi, groupQueries } from './queries';
import { ErrorNotice, Field, PageHeader, QueryState, Table, useFieldErrors } from '../../lib/ui';
import { shortName } from '../reflection/names';
import { useDates } from '../../lib/dates';

/** A teacher group: members (for those who run it) and the anonymous aggregate. */
export function GroupPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const group = useQuery(groupQueries.one(id));
  const canSeeReport = group.data && (group.data.manages || group.data.my_status === 'active');
  const report = useQuery({
    ...groupQueries.report(id, i18n.resolvedLanguage),
    enabled: !!canSeeReport,
  });
  const invite = useMutation({
    mutationFn: () => groupApi.invite(id, email),
    onSuccess: () => {
      setEmail('');
      void qc.invalidateQueries({ queryKey: keys.groups.one(id) });
    },
  });
  const errs = useFieldErrors(invite.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate();
  };
  const dates = useDates();
  return (
    <QueryState isLoading={group.isLoading} error={group.error}>
      {group.data && (
        <section>
          <PageHeader title={group.data.name}>
            <Link to="/groups">{t('groups.back')}</Link>
          </PageHeader>
          <p className="hint">
            {t(`groups.kinds.${group.data.kind}`)} · {t('groups.activeMembers', { count: group.data.active_members })}
          </p>
          {group.data.manages && (
            <div className="card">
              <h2>{t('groups.members')}</h2>
              <ul className="plain-list">
                {group.data.members.map((m) => (
                  <li key={m.person_id}>
                    {m.name} · {t(`groups.status.${m.status}`)}
                  </li>
                ))}
              </ul>
              <form onSubmit={submit} noValidate className="filters">
                <Field label={t('groups.inviteEmail')} error={errs.email}>
                  {(p) => <input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
                </Field>
                <button type="submit" disabled={invite.isPending || !email.trim()}>
                  {t('groups.invite')}
                </button>
              </form>
              {!errs.email && <ErrorNotice error={invite.error} />}
            </div>
          )}
          {canSeeReport && (
            <QueryState isLoading={report.isLoading} error={report.error}>
              {report.data && (
                <div>
                  <h2>{t('groups.aggregate')}</h2>
                  <p className="hint">{t('groups.method', { k: report.data.threshold })}</p>
                  {report.data.hidden_reason ? (
                    <p className="state empty">{t('groups.hidden', { k: report.data.threshold })}</p>
                  ) : (
                    <>
                      <p>
                        {t('groups.published', {
                          count: report.data.contributors,
                          date: report.data.published_at ? dates.dayOf(report.data.published_at) : '',
                        })}
                      </p>
                      <Table caption={t('groups.aggregate')}>
                        <thead>
                          <tr>
                            <th scope="col">{t('report.competences')}</th>
                            {report.data.levels.map((l) => (
                              <th scope="col" key={l.value}>
                                {l.value.toUpperCase()}
                              </th>
                            ))}
                          </tr>
                        </thead>
                        <tbody>
                          {report.data.competences.map((c) => (
                            <tr key={c.key}>
                              <th scope="row">{shortName(c.statement)}</th>
                              {report.data.levels.map((l) => (
                                <td key={l.value}>{c.distribution[l.value] ?? 0}</td>
                              ))}
                            </tr>
                          ))}
                        </tbody>
                      </Table>
                    </>
                  )}
                </div>
              )}
            </QueryState>
          )}
        </section>
      )}
    </QueryState>
  );
}
