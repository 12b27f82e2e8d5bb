import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useAbilities } from '../../lib/auth';
import { ErrorNotice, Field, PageHeader, QueryState } from '../../lib/ui';
import { OrganisationForm } from '../organisations/OrganisationForm';
import { SchoolForm } from '../schools/SchoolForm';
import { HubForm } from './HubForm';
import { MentoringLists } from '../mentoring/MentoringLists';
import { hubOrganisationRoleValues } from '../../lib/api/schema';
import { oneOf } from '../../lib/enums';
import { directoryQueries } from '../../lib/directory';
import { keys } from '../../lib/queryKeys';
import { hubApi, hubQueries } from './queries';


export function HubDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const can = useAbilities();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [addingSchool, setAddingSchool] = useState(false);
  const hub = useQuery(directoryQueries.hub(id));
  const schools = useQuery(directoryQueries.schoolOptions(id));
  const orgs = useQuery(hubQueries.organisations(id));
  const remove = useMutation({
    mutationFn: () => hubApi.remove(id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.hubs.all });
      navigate('/hubs');
    },
  });
  const unlink = useMutation({
    mutationFn: (linkId: string) => hubApi.unlinkOrganisation(id, linkId),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.hubs.organisations(id) }),
  });
  const h = hub.data;
  const editable = can.canEditHub(id);
  return (
    <QueryState isLoading={hub.isLoading} error={hub.error}>
      {h && (
        <section>
          <p>
            <Link to="/hubs">← {t('hubs.title')}</Link>
          </p>
          <PageHeader title={h.name}>
            {editable && (
              <Link className="button" to={`/hubs/${id}/overview`}>
                {t('overview.open')}
              </Link>
            )}
            {editable && (
              <Link className="button" to={`/analytics/hub/${id}`}>
                {t('analytics.open')}
              </Link>
            )}
            {editable && (
              <button type="button" className="secondary" onClick={() => setEditing((e) => !e)} aria-expanded={editing}>
                {t('common.edit')}
              </button>
            )}
            {can.isAdmin && (
              <button type="button" className="danger" onClick={() => window.confirm(t('hubs.deleteConfirm', { name: h.name })) && remove.mutate()}>
                {t('common.delete')}
              </button>
            )}
          </PageHeader>
          <ErrorNotice error={remove.error} />
          {editing ? (
            <HubForm
              hub={h}
              onDone={() => {
                setEditing(false);
                void qc.invalidateQueries({ queryKey: keys.hubs.one(id) });
              }}
            />
          ) : (
            <div className="card">
              {h.description && <p>{h.description}</p>}
              <dl className="facts">
                <dt>{t('hubs.country')}</dt>
                <dd>{h.country}</dd>
                {h.region && (
                  <>
                    <dt>{t('hubs.region')}</dt>
                    <dd>{h.region}</dd>
                  </>
                )}
                <dt>{t('hubs.languages')}</dt>
                <dd>{h.languages.join(', ')}</dd>
                <dt>{t('hubs.timeZone')}</dt>
                <dd>{h.time_zone}</dd>
              </dl>
            </div>
          )}
          <div className="page-header">
            <h2>{t('hubs.schools')}</h2>
            {can.canAddSchool(id) && (
              <button type="button" className="secondary" onClick={() => setAddingSchool((a) => !a)} aria-expanded={addingSchool}>
                {t('schools.new')}
              </button>
            )}
          </div>
          {addingSchool && <SchoolForm hubId={id} onDone={(s) => navigate(`/schools/${s.id}`)} />}
          <QueryState isLoading={schools.isLoading} error={schools.error} isEmpty={schools.data?.length === 0} emptyText={t('hubs.noSchools')}>
            <ul>
              {schools.data?.map((s) => (
                <li key={s.id}>
                  <Link to={`/schools/${s.id}`}>{s.name}</Link> <span className="hint">· {t(`schoolKinds.${s.kind}`)}</span>
                </li>
              ))}
            </ul>
          </QueryState>
          <h2>{t('hubs.organisations')}</h2>
          <QueryState isLoading={orgs.isLoading} error={orgs.error} isEmpty={orgs.data?.length === 0} emptyText={t('hubs.noOrganisations')}>
            <ul>
              {orgs.data?.map((l) => (
                <li key={l.id}>
                  {l.organisation.name} <span className="hint">· {t(`orgRoles.${l.role}`)}</span>{' '}
                  {editable && (
                    <button type="button" className="link-button" onClick={() => unlink.mutate(l.id)} aria-label={`${t('hubs.unlink')}: ${l.organisation.name}`}>
                      {t('hubs.unlink')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </QueryState>
          <ErrorNotice error={unlink.error} />
          {editable && <LinkOrganisation hubId={id} />}
          <MentoringLists hubId={id} canAdd={editable} />
        </section>
      )}
    </QueryState>
  );
}

function LinkOrganisation({ hubId }: { hubId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const all = useQuery(directoryQueries.organisationOptions());
  const [org, setOrg] = useState('');
  const [role, setRole] = useState<(typeof hubOrganisationRoleValues)[number]>('partner');
  const [creating, setCreating] = useState(false);
  const link = useMutation({
    mutationFn: () => hubApi.linkOrganisation(hubId, { organisation_id: org, role }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.hubs.organisations(hubId) }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (org) link.mutate();
  };
  return (
    <>
    <form className="filters" onSubmit={submit} aria-label={t('hubs.linkOrganisation')}>
      <Field label={t('hubs.organisation')}>
        {(p) => (
          <select {...p} required value={org} onChange={(e) => setOrg(e.target.value)}>
            <option value="">—</option>
            {all.data?.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('hubs.orgRole')}>
        {(p) => (
          <select {...p} value={role} onChange={(e) => setRole(oneOf(hubOrganisationRoleValues, e.target.value))}>
            {hubOrganisationRoleValues.map((r) => (
              <option key={r} value={r}>
                {t(`orgRoles.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" disabled={link.isPending}>
        {t('hubs.linkOrganisation')}
      </button>
      <button type="button" className="secondary" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
        {t('organisations.new')}
      </button>
      <ErrorNotice error={link.error} />
    </form>
    {creating && (
      <OrganisationForm
        onDone={(o) => {
          setOrg(o.id);
          setCreating(false);
        }}
      />
    )}
    </>
  );
}
