// Small shared building blocks: fields, page states, problem messages.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api/client';

/** The translated message of an error, by its stable code. */
export function useErrorText() {
  const { t } = useTranslation();
  return (e: unknown): string => {
    if (e instanceof ApiError) return t(`errors.${e.code}`, { defaultValue: e.problem.detail ?? t('errors.internal') });
    return t('errors.network');
  };
}

/** Field-level messages of a 422 answer, by field name. */
export function useFieldErrors(e: unknown): Record<string, string> {
  const { t } = useTranslation();
  const out: Record<string, string> = {};
  if (e instanceof ApiError && e.problem.errors) {
    for (const f of e.problem.errors) {
      out[f.field] ??= t(`fieldErrors.${f.code}`, { defaultValue: f.message });
    }
  }
  return out;
}

export function ErrorNotice({ error }: { error: unknown }) {
  const text = useErrorText();
  if (!error) return null;
  return (
    <p role="alert" className="notice error">
      {text(error)}
    </p>
  );
}

interface FieldProps {
  label: string;
  error?: string;
  hint?: string;
  children: (props: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode;
}

export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errId = `${id}-err`;
  const describedBy = [hint ? hintId : null, error ? errId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <small id={hintId} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={errId} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

/** Loading, error and empty states of a query, in one place. */
/** The one loading state: a page's data, or a page's code on its first visit. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="state" role="status">
      {t('common.loading')}
    </p>
  );
}

export function QueryState({
  isLoading,
  error,
  isEmpty,
  emptyText,
  retry,
  children,
}: {
  isLoading: boolean;
  error: unknown;
  isEmpty?: boolean;
  emptyText?: string;
  retry?: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (isLoading) return <Loading />;
  if (error)
    return (
      <div className="state">
        <ErrorNotice error={error} />
        {retry && (
          <button type="button" onClick={retry}>
            {t('common.retry')}
          </button>
        )}
      </div>
    );
  if (isEmpty) return <p className="state empty">{emptyText ?? t('common.empty')}</p>;
  return <>{children}</>;
}

/**
 * Every table of the app. It sits in a scroll region that takes the keyboard focus (a wide
 * table on a phone scrolls without a mouse) and is named by its caption; with `isEmpty` it
 * shows a sentence instead of an empty table. `caption` is read out and, unless
 * `showCaption`, hidden on screen (the heading above it says the same); `labelledBy` names
 * the table by an element on the page instead.
 */
export function Table({
  caption,
  showCaption = false,
  labelledBy,
  className,
  isEmpty = false,
  emptyText,
  children,
}: {
  caption: string;
  showCaption?: boolean;
  labelledBy?: string;
  className?: string;
  isEmpty?: boolean;
  emptyText?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (isEmpty) return <p className="state empty">{emptyText ?? t('common.empty')}</p>;
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className={className} aria-labelledby={labelledBy}>
        {!labelledBy && <caption className={showCaption ? undefined : 'visually-hidden'}>{caption}</caption>}
        {children}
      </table>
    </div>
  );
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {children && <div className="page-actions">{children}</div>}
    </div>
  );
}
