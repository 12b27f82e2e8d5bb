import { useTranslation } from 'react-i18next';
import { download } from './download';

/** The CSV and JSON downloads of a table a dashboard shows: `name` without extension, the
 * CSV as the table shows it, the JSON as the API answered (the same suppression). */
export function Downloads({ name, csv, data }: { name: string; csv: () => string; data: unknown }) {
  const { t } = useTranslation();
  return (
    <div className="row-actions">
      <button type="button" onClick={() => download(`${name}.csv`, 'text/csv', csv())}>
        {t('analytics.downloadCsv')}
      </button>
      <button type="button" onClick={() => download(`${name}.json`, 'application/json', JSON.stringify(data, null, 2))}>
        {t('analytics.downloadJson')}
      </button>
    </div>
  );
}
