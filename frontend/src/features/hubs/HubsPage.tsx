import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useAbilities } from '../../lib/auth';
import { LoadMore, useDebounced, usePaged } from '../../lib/paged';
import { Field, PageHeader, QueryState, Table } from '../../lib/ui';
import { HubForm } from './HubForm';
import { hubQueries } from './queries';

export function HubsPage() {
  const { t } = useTranslation();
  const can = useAbilities();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const query = useDebounced(q);
  const hubs = usePaged(hubQueries.list(query));
  return (
    <section>
      <PageHeader title={t('hubs.title')}>
        {can.isAdmin && (
          <button type="button" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
            {t('hubs.new')}
          </button>
        )}
      </PageHeader>
      {creating && <HubForm onDone={(h) => navigate(`/hubs/${h.id}`)} />}
      <div className="filters" role="search">
        <Field label={t('common.search')}>
          {(p) => <input {...p} type="search" value={q} onChange={(e) => setQ(e.target.value)} />}
        </Field>
      </div>
      <QueryState isLoading={hubs.isLoading} error={hubs.error} isEmpty={hubs.items.length === 0} emptyText={t('hubs.empty')} retry={() => void hubs.refetch()}>
        <Table caption={t('hubs.title')}>
          <thead>
            <tr>
              <th scope="col">{t('hubs.name')}</th>
              <th scope="col">{t('hubs.country')}</th>
              <th scope="col" className="optional">
                {t('hubs.languages')}
              </th>
              <th scope="col" className="optional">
                {t('hubs.timeZone')}
              </th>
            </tr>
          </thead>
          <tbody>
            {hubs.items.map((h) => (
              <tr key={h.id}>
                <td>
                  <Link to={`/hubs/${h.id}`}>{h.name}</Link>
                </td>
                <td>{h.country}</td>
                <td className="optional">{h.languages.join(', ')}</td>
                <td className="optional">{h.time_zone}</td>
              </tr>
            ))}
          </tbody>
        </Table>
        <LoadMore paged={hubs} />
      </QueryState>
    </section>
  );
}
