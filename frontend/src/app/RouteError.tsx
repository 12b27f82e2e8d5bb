import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';

/** A page that failed to load its code (offline, or a new release replaced the files) or to render. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  // A lazily loaded page whose file could not be fetched: the network, or a new release.
  const notLoaded =
    error instanceof Error && /dynamically imported module|Importing a module script failed/i.test(error.message);
  return (
    <section className="state">
      <p role="alert" className="notice error">
        {t(notLoaded ? 'errors.network' : 'errors.internal')}
      </p>
      <button type="button" onClick={() => window.location.reload()}>
        {t('common.retry')}
      </button>
    </section>
  );
}
