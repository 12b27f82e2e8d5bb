import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useAbilities } from '../../lib/auth';
import { ErrorNotice, PageHeader, QueryState } from '../../lib/ui';
import { SchoolForm } from './SchoolForm';
import { directoryQueries } from '../../lib/directory';
import { keys } from '../../lib/queryKeys';
import { schoolApi } from './queries';
import { CampaignsSection } from '../campaigns/CampaignsSection';
import { PlansSection } from '../mentoring/PlanPage';

export function SchoolDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const can = useAbilities();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const school = useQuery(directoryQueries.school(id));
  const hubId = school.data?.hub_id;
  const hub = useQuery(directoryQueries.hub(hubId ?? ''));
  const remove = useMutation({
    mutationFn: () => schoolApi.remove(id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.schools.all });
      navigate('/schools');
    },
  });
  const s = school.data;
  return (
    <QueryState isLoading={school.isLoading} error={school.error}>
      {s && (
        <section>
          <p>
            <Link to="/schools">← {t('schools.title')}</Link>
          </p>
          <PageHeader title={s.name}>
            {can.canEditSchool(s.hub_id, s.id) && (
              <Link className="button" to={`/analytics/school/${s.id}`}>
                {t('analytics.open')}
              </Link>
            )}
            {can.canEditSchool(s.hub_id, s.id) && (
              <button type="button" className="secondary" onClick={() => setEditing((e) => !e)} aria-expanded={editing}>
                {t('common.edit')}
              </button>
            )}
            {can.canDeleteSchool(s.hub_id) && (
              <button type="button" className="danger" onClick={() => window.confirm(t('schools.deleteConfirm', { name: s.name })) && remove.mutate()}>
                {t('common.delete')}
              </button>
            )}
          </PageHeader>
          <ErrorNotice error={remove.error} />
          {editing ? (
            <SchoolForm
              school={s}
              onDone={() => {
                setEditing(false);
                void qc.invalidateQueries({ queryKey: keys.schools.one(id) });
              }}
            />
          ) : (
            <div className="card">
              <dl className="facts">
                <dt>{t('schools.hub')}</dt>
                <dd>{hub.data ? <Link to={`/hubs/${hub.data.id}`}>{hub.data.name}</Link> : '—'}</dd>
                <dt>{t('schools.kind')}</dt>
                <dd>{t(`schoolKinds.${s.kind}`)}</dd>
                <dt>{t('hubs.country')}</dt>
                <dd>{s.country}</dd>
                <dt>{t('schools.municipality')}</dt>
                <dd>{s.municipality ?? '—'}</dd>
                <dt>{t('schools.languages')}</dt>
                <dd>{s.languages.join(', ')}</dd>
                <dt>{t('hubs.timeZone')}</dt>
                <dd>{s.time_zone}</dd>
                <dt>{t('schools.teachers')}</dt>
                <dd>{s.teacher_count ?? '—'}</dd>
                <dt>{t('schools.students')}</dt>
                <dd>{s.student_count ?? '—'}</dd>
              </dl>
            </div>
          )}
          <CampaignsSection schoolId={s.id} canManage={can.isAdmin || can.ledSchools.includes(s.id)} languages={s.languages} />
          <PlansSection schoolId={s.id} canCreate={can.isAdmin || can.ledSchools.includes(s.id)} />
        </section>
      )}
    </QueryState>
  );
}
