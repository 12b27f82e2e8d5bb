import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../lib/api/client';
import { LoadMore, usePaged } from '../../lib/paged';
import { PageHeader, QueryState } from '../../lib/ui';

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const log = usePaged(['audit'], async (cursor) => unwrap(await api.GET('/api/v1/audit', { params: { query: { cursor, limit: 50 } } })));
  const fmt = new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section>
      <PageHeader title={t('audit.title')} />
      <QueryState isLoading={log.isLoading} error={log.error} isEmpty={log.items.length === 0} emptyText={t('audit.empty')} retry={() => void log.refetch()}>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col" className="optional">
                  {t('audit.who')}
                </th>
                <th scope="col" className="optional">
                  {t('audit.details')}
                </th>
              </tr>
            </thead>
            <tbody>
              {log.items.map((e) => (
                <tr key={e.id}>
                  <td>
                    <time dateTime={e.at}>{fmt.format(new Date(e.at))}</time>
                  </td>
                  <td>{t(`auditActions.${e.action.replaceAll('.', '_')}`, { defaultValue: e.action })}</td>
                  <td className="optional">{e.actor_kind === 'system' ? t('audit.system') : `${t(`audit.${e.actor_kind}`)} ${e.actor_id?.slice(0, 8) ?? ''}`}</td>
                  <td className="optional">
                    <code>{e.details ? JSON.stringify(e.details) : ''}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <LoadMore paged={log} />
      </QueryState>
    </section>
  );
}
