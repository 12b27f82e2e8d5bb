import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { keys } from '../../lib/queryKeys';
import { mentoringApi } from './queries';
import { ErrorNotice, Field, QueryState, useFieldErrors } from '../../lib/ui';
import { useVocabulary } from './hooks';
import { useMentoringLabels } from './labels';
import { mentoringListValues, needsTopicValues } from '../../lib/api/schema';
import { oneOf } from '../../lib/enums';
import type { Schemas } from '../../lib/api/client';

type List = Schemas['MentoringList'];
type Topic = Schemas['NeedsTopic'];

/** The hub's lists for mentoring: methods, kinds of activity and the needs-mapping checklist. */
export function MentoringLists({ hubId, canAdd }: { hubId: string; canAdd: boolean }) {
  const { t, i18n } = useTranslation();
  const L = useMentoringLabels();
  const qc = useQueryClient();
  const vocab = useVocabulary(hubId);
  const [list, setList] = useState<List>('method');
  const [topic, setTopic] = useState<Topic>('infrastructure');
  const [value, setValue] = useState('');
  const add = useMutation({
    mutationFn: () => mentoringApi.addVocabulary(hubId, { list, value: value.trim(), topic: list === 'needs_item' ? topic : undefined }),
    onSuccess: (fresh) => {
      setValue('');
      qc.setQueryData(keys.hubs.vocabulary(hubId, i18n.resolvedLanguage), (old: typeof fresh | undefined) => ({ ...fresh, focus: old?.focus ?? fresh.focus }));
      void qc.invalidateQueries({ queryKey: keys.needs.all });
    },
  });
  const remove = useMutation({
    mutationFn: (q: { list: List; value: string; topic?: Topic }) => mentoringApi.removeVocabulary(hubId, q),
    onSuccess: (fresh) => {
      qc.setQueryData(keys.hubs.vocabulary(hubId, i18n.resolvedLanguage), (old: typeof fresh | undefined) => ({ ...fresh, focus: old?.focus ?? fresh.focus }));
      void qc.invalidateQueries({ queryKey: keys.needs.all });
    },
  });
  const errs = useFieldErrors(add.error);
  const v = vocab.data;
  const item = (i: { item: string; custom: boolean }) => (i.custom ? i.item : t(`needs.items.${i.item}`, { defaultValue: i.item }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim()) add.mutate();
  };
  return (
    <>
      <h2 id="lists-h">{t('hubs.mentoringLists')}</h2>
      <p className="hint">{t('hubs.mentoringListsHint')}</p>
      <QueryState isLoading={vocab.isLoading} error={vocab.error}>
        {v && (
          <>
            <dl className="facts card" aria-labelledby="lists-h">
              <dt>{t('hubs.lists.method')}</dt>
              <dd>
                <Values
                  items={v.methods.map((m) => ({ label: L.method(m), value: m, own: v.custom_methods.includes(m) }))}
                  onRemove={canAdd ? (x) => remove.mutate({ list: 'method', value: x }) : undefined}
                />
              </dd>
              <dt>{t('hubs.lists.activity_kind')}</dt>
              <dd>
                <Values
                  items={v.activity_kinds.map((k) => ({ label: L.activityKind(k), value: k, own: v.custom_activity_kinds.includes(k) }))}
                  onRemove={canAdd ? (x) => remove.mutate({ list: 'activity_kind', value: x }) : undefined}
                />
              </dd>
              {needsTopicValues.map((tp) => (
                <Fragment key={tp}>
                  <dt>
                    {t('hubs.lists.needs_item')}: {t(`needs.topics.${tp}`)}
                  </dt>
                  <dd>
                    <Values
                      items={v.needs_items.filter((n) => n.topic === tp).map((n) => ({ label: item(n), value: n.item, own: n.custom }))}
                      onRemove={canAdd ? (x) => remove.mutate({ list: 'needs_item', value: x, topic: tp }) : undefined}
                    />
                  </dd>
                </Fragment>
              ))}
            </dl>
            <ErrorNotice error={remove.error} />
          </>
        )}
      </QueryState>
      {canAdd && (
        <form className="card" onSubmit={submit} noValidate aria-labelledby="add-list-h">
          <h3 id="add-list-h">{t('hubs.addListValue')}</h3>
          <div className="grid">
            <Field label={t('hubs.listLabel')} error={errs.list}>
              {(p) => (
                <select {...p} value={list} onChange={(e) => setList(e.target.value as List)}>
                  {mentoringListValues.map((l) => (
                    <option key={l} value={l}>
                      {t(`hubs.lists.${l}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {list === 'needs_item' && (
              <Field label={t('needs.topic')} error={errs.topic}>
                {(p) => (
                  <select {...p} value={topic} onChange={(e) => setTopic(oneOf(needsTopicValues, e.target.value))}>
                    {needsTopicValues.map((x) => (
                      <option key={x} value={x}>
                        {t(`needs.topics.${x}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            <Field
              label={list === 'needs_item' ? t('needs.itemText') : t('hubs.listKey')}
              error={errs.value}
              hint={list === 'needs_item' ? undefined : t('hubs.listKeyHint')}
            >
              {(p) => <input {...p} value={value} maxLength={list === 'needs_item' ? 120 : 64} onChange={(e) => setValue(e.target.value)} />}
            </Field>
          </div>
          <p>
            <button type="submit" className="secondary" disabled={add.isPending || !value.trim()}>
              {t('hubs.addListValueButton')}
            </button>
          </p>
          {Object.keys(errs).length === 0 && <ErrorNotice error={add.error} />}
        </form>
      )}
    </>
  );
}

/** The values of one list; the hub's own can be removed by its coordinators. */
function Values({ items, onRemove }: { items: { label: string; value: string; own: boolean }[]; onRemove?: (value: string) => void }) {
  const { t } = useTranslation();
  return (
    <ul className="inline-values">
      {items.map((x) => (
        <li key={x.value}>
          {x.label}
          {x.own && onRemove && (
            <>
              {' '}
              <button type="button" className="link-button" onClick={() => onRemove(x.value)} aria-label={`${t('hubs.removeValue')}: ${x.label}`}>
                {t('hubs.removeValue')}
              </button>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
