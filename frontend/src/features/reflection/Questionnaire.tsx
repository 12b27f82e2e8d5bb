import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Schemas } from '../../lib/api/client';
import type { ItemState } from '../../lib/answerQueue';

type Area = Schemas['AreaDto'];
type Item = Schemas['ItemDto'];

interface Props {
  areas: Area[];
  answers: Record<string, string>;
  onAnswer: (item: string, value: string) => void;
  itemState: (item: string) => ItemState | undefined;
  readOnly?: boolean;
  /** Shown under the last area: the submit step. */
  finish: ReactNode;
}

/** One area at a time, with the area list as a stepper; answers save as they are given. */
export function Questionnaire({ areas, answers, onAnswer, itemState, readOnly, finish }: Props) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  // Without an area in the address (opening or continuing), start where the answering
  // stopped: the first area with an unanswered question (or the review when none is left).
  const [resumeAt] = useState(() => {
    const i = areas.findIndex((a) => a.items.some((it) => answers[it.key] === undefined));
    return readOnly ? 0 : i === -1 ? areas.length : i;
  });
  const asked = params.get('area');
  const index = Math.min(Math.max(asked === null ? resumeAt : Number(asked) || 0, 0), areas.length);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [index]);
  const go = (i: number) => {
    const next = new URLSearchParams(params);
    next.set('area', String(i));
    setParams(next, { replace: false });
    window.scrollTo({ top: 0 });
  };
  const area = areas[index];
  const onReview = index === areas.length;
  const answeredIn = (a: Area) => a.items.filter((it) => answers[it.key] !== undefined).length;
  return (
    <div className="questionnaire">
      {/* On a phone the areas are one line, so that the first screen shows a question. */}
      <div className="area-picker">
        <label htmlFor="area-picker">{t('q.areas')}</label>
        <select id="area-picker" value={index} onChange={(e) => go(Number(e.target.value))}>
          {areas.map((a, i) => (
            <option key={a.key} value={i}>
              {a.title} ({t('q.answeredInArea', { answered: answeredIn(a), total: a.items.length })})
            </option>
          ))}
          <option value={areas.length}>{t('q.review')}</option>
        </select>
      </div>
      <nav aria-label={t('q.areas')} className="area-steps">
        <ol className="stepper">
          {areas.map((a, i) => {
            const answered = a.items.filter((it) => answers[it.key] !== undefined).length;
            return (
              <li key={a.key}>
                <button
                  type="button"
                  className={i === index ? 'step current' : 'step'}
                  aria-current={i === index ? 'step' : undefined}
                  onClick={() => go(i)}
                >
                  <span className="step-title">{a.title}</span>
                  <span className="step-count">{t('q.answeredInArea', { answered, total: a.items.length })}</span>
                </button>
              </li>
            );
          })}
          <li>
            <button type="button" className={onReview ? 'step current' : 'step'} aria-current={onReview ? 'step' : undefined} onClick={() => go(areas.length)}>
              <span className="step-title">{t('q.review')}</span>
            </button>
          </li>
        </ol>
      </nav>
      {area ? (
        <section aria-labelledby="area-heading">
          <h2 id="area-heading" ref={headingRef} tabIndex={-1}>
            {area.title}
          </h2>
          <p className="hint">{t('q.area', { n: index + 1, total: areas.length })}</p>
          {area.items.map((it) => (
            <Question key={it.key} item={it} value={answers[it.key]} state={itemState(it.key)} onAnswer={onAnswer} readOnly={readOnly} />
          ))}
          <div className="q-nav">
            {index > 0 && (
              <button type="button" className="secondary" onClick={() => go(index - 1)}>
                {t('q.prev')}
              </button>
            )}
            <button type="button" onClick={() => go(index + 1)}>
              {index + 1 < areas.length ? t('q.next') : t('q.review')}
            </button>
          </div>
        </section>
      ) : (
        <section aria-labelledby="area-heading">
          <h2 id="area-heading" ref={headingRef} tabIndex={-1}>
            {t('q.review')}
          </h2>
          {finish}
          <div className="q-nav">
            <button type="button" className="secondary" onClick={() => go(areas.length - 1)}>
              {t('q.prev')}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}

function Question({
  item,
  value,
  state,
  onAnswer,
  readOnly,
}: {
  item: Item;
  value: string | undefined;
  state: ItemState | undefined;
  onAnswer: (item: string, value: string) => void;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(value ?? '');
  const name = `q-${item.key}`;
  const helpId = `${name}-help`;
  const status =
    state === 'pending' ? t('q.itemPending') : state === 'rejected' ? t('q.itemRejected') : state === 'saved' ? t('q.itemSaved') : '';
  return (
    <fieldset className="question" aria-describedby={item.help ? helpId : undefined}>
      <legend>
        {item.statement}
        {!item.required && <span className="hint"> ({t('q.optional')})</span>}
      </legend>
      {item.help && (
        <p id={helpId} className="hint">
          {item.help}
        </p>
      )}
      {item.scale_type === 'ordinal' ? (
        <div className="options">
          {item.options.map((o) => (
            <label key={o.value} className={value === o.value ? 'option chosen' : 'option'}>
              <input
                type="radio"
                name={name}
                value={o.value}
                checked={value === o.value}
                disabled={readOnly}
                onChange={() => onAnswer(item.key, o.value)}
              />
              <span>{o.label}</span>
            </label>
          ))}
        </div>
      ) : (
        <textarea
          aria-label={item.statement}
          value={text}
          maxLength={item.max_length ?? undefined}
          disabled={readOnly}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => text.trim() && text !== value && onAnswer(item.key, text)}
        />
      )}
      <p className={state === 'rejected' ? 'save-state field-error' : 'save-state'} aria-live="polite">
        {status}
      </p>
    </fieldset>
  );
}
