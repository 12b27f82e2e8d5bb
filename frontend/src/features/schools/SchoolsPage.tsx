import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadMore, useDebounced, usePaged } from '../../lib/paged';
import { Field, PageHeader, QueryState, Table } from '../../lib/ui';
import { SCHOOL_KINDS } from './SchoolForm';
import { directoryQueries } from '../../lib/directory';
import { schoolQueries } from './queries';

export function SchoolsPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [hubId, setHubId] = useState('');
  const [kind, setKind] = useState('');
  const query = useDebounced(q);
  const hubs = useQuery(directoryQueries.hubOptions());
  const hubName = new Map(hubs.data?.map((h) => [h.id, h.name]));
  const schools = usePaged(schoolQueries.list({ q: query, hubId, kind }));
  return (
    <section>
      <PageHeader title={t('schools.title')} />
      <div className="filters" role="search">
        <Field label={t('common.search')}>
          {(p) => <input {...p} type="search" value={q} onChange={(e) => setQ(e.target.value)} />}
        </Field>
        <Field label={t('schools.hub')}>
          {(p) => (
            <select {...p} value={hubId} onChange={(e) => setHubId(e.target.value)}>
              <option value="">{t('schools.allHubs')}</option>
              {hubs.data?.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('schools.kind')}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="">{t('schools.allKinds')}</option>
              {SCHOOL_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`schoolKinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <QueryState isLoading={schools.isLoading} error={schools.error} isEmpty={schools.items.length === 0} emptyText={t('schools.empty')} retry={() => void schools.refetch()}>
        <Table caption={t('schools.title')}>
          <thead>
            <tr>
              <th scope="col">{t('schools.name')}</th>
              <th scope="col">{t('schools.hub')}</th>
              <th scope="col" className="optional">
                {t('schools.kind')}
              </th>
              <th scope="col" className="optional">
                {t('schools.municipality')}
              </th>
            </tr>
          </thead>
          <tbody>
            {schools.items.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`/schools/${s.id}`}>{s.name}</Link>
                </td>
                <td>{hubName.get(s.hub_id) ?? '—'}</td>
                <td className="optional">{t(`schoolKinds.${s.kind}`)}</td>
                <td className="optional">{s.municipality ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
        <LoadMore paged={schools} />
      </QueryState>
    </section>
  );
}
