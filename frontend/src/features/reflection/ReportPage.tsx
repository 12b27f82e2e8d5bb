import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';
import { reflectionApi, reflectionQueries } from './queries';
import { Chart, type ChartOption } from '../../lib/Chart';
import { shortName } from './names';
import { ErrorNotice, Field, PageHeader, QueryState, Table, useFieldErrors } from '../../lib/ui';
import { useDates } from '../../lib/dates';

type Report = Schemas['ReflectionReportDto'];


export function ReportPage() {
  const { id = '' } = useParams();
  const { i18n } = useTranslation();
  const lang = i18n.resolvedLanguage;
  const report = useQuery(reflectionQueries.report(id, lang));
  return (
    <QueryState isLoading={report.isLoading} error={report.error} retry={() => void report.refetch()}>
      {report.data && <ReportView r={report.data} />}
    </QueryState>
  );
}

function signed(x: number): string {
  return `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toFixed(2)}`;
}

function ReportView({ r }: { r: Report }) {
  const { t } = useTranslation();
  const dates = useDates();
  const maxScore = Math.max(...r.levels.map((l) => l.score ?? 0), 1);
  // The level a result stands for: the nearest one, ties going to the lower (as the server does).
  const levelAt = (x: number) => {
    let best: (typeof r.levels)[number] | undefined;
    for (const l of r.levels) {
      if (l.score === null || l.score === undefined) continue;
      if (!best || Math.abs(l.score - x) < Math.abs((best.score ?? 0) - x)) best = l;
    }
    return best ? best.value.toUpperCase() : String(x);
  };
  const byKey = new Map(r.competences.map((c) => [c.key, c]));
  // Competences fold: where to grow next starts open, the rest opens on demand (the whole
  // report was about 10,000 px on a phone). A jump link opens what it points to.
  const [opened, setOpened] = useState<Set<string>>(() => new Set(r.weakest));
  const openCompetence = (k: string) => setOpened((o) => new Set(o).add(k));
  useEffect(() => {
    const fromHash = () => {
      const k = decodeURIComponent(window.location.hash).replace(/^#c-/, '');
      if (byKey.has(k)) openCompetence(k);
    };
    fromHash();
    window.addEventListener('hashchange', fromHash);
    return () => window.removeEventListener('hashchange', fromHash);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [r]);
  const prevAreas = useMemo(() => {
    const prev = r.previous ? r.history.find((h) => h.id === r.previous?.id) : undefined;
    return prev?.areas ?? {};
  }, [r]);
  const areasOption = useMemo<ChartOption>(() => {
    const names = r.areas.map((a) => a.title);
    const series: object[] = [
      {
        name: t('report.now'),
        type: 'bar',
        data: r.areas.map((a) => a.result?.score ?? 0),
        itemStyle: { color: '#0b5cad' },
        label: { show: true, position: 'right', formatter: (p: { value: number }) => levelAt(p.value) },
      },
    ];
    if (r.previous)
      series.push({
        name: t('report.previous'),
        type: 'bar',
        data: r.areas.map((a) => prevAreas[a.key] ?? 0),
        itemStyle: { color: '#9bb7d4' },
      });
    // The level scale runs along the top: a long area name of the last row, broken into
    // lines, then has room below instead of running into the scale's labels.
    return {
      grid: { left: 8, right: 40, top: 28, bottom: r.previous ? 36 : 12, containLabel: true },
      legend: { show: !!r.previous, bottom: 0 },
      xAxis: { type: 'value', position: 'top', min: 0, max: maxScore, interval: 1, axisLabel: { formatter: (v: number) => levelAt(v) } },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 150, overflow: 'break', lineHeight: 14 } },
      series,
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [r, prevAreas, t]);
  const historyOption = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 20, top: 20, bottom: 20, containLabel: true },
      xAxis: { type: 'category', data: r.history.map((h) => dates.dayOf(h.submitted_at)) },
      yAxis: { type: 'value', min: 0, max: maxScore, interval: 1, axisLabel: { formatter: (v: number) => levelAt(v) } },
      series: [{ name: t('report.overall'), type: 'line', data: r.history.map((h) => h.overall ?? null), itemStyle: { color: '#0b5cad' } }],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [r, t],
  );
  return (
    <section className="report">
      <PageHeader title={r.title}>
        <button type="button" className="secondary no-print" onClick={() => window.print()}>
          {t('report.print')}
        </button>
        <Link className="no-print" to="/reflections">
          {t('reflection.backToList')}
        </Link>
      </PageHeader>
      <p className="hint">
        {r.submitted_at ? t('reflection.submittedOn', { date: dates.dayOf(r.submitted_at) }) : t('report.notSubmitted')} ·{' '}
        {r.own ? t('reflection.private') : t('sharing.sharedBy', { name: r.owner_name ?? '' })}
      </p>
      <nav className="jump-links no-print" aria-label={t('report.onThisPage')}>
        <a href="#overall">{t('report.overall')}</a>
        <a href="#areas">{t('report.areas')}</a>
        <a href="#strengths">{t('report.strengthsAndGrowth')}</a>
        <a href="#competences">{t('report.competencesShort')}</a>
        <a href="#history">{t('report.history')}</a>
      </nav>
      <div className="card overall" id="overall">
        <h2>{t('report.overall')}</h2>
        {r.overall ? (
          <p className="big">
            {r.overall.label} <span className="hint">({r.overall.score.toFixed(2)})</span>
          </p>
        ) : (
          <p>{t('report.noResult')}</p>
        )}
        {r.overall_change !== undefined && r.overall_change !== null && r.previous && (
          <p>
            {t('report.changeSince', { change: signed(r.overall_change), date: dates.dayOf(r.previous.submitted_at) })}
          </p>
        )}
      </div>

      <h2 id="areas">{t('report.areas')}</h2>
      <Chart option={areasOption} height={70 + r.areas.length * (r.previous ? 60 : 48)} />
      <Table caption={t('report.areasCaption')}>
        <thead>
          <tr>
            <th scope="col">{t('report.area')}</th>
            <th scope="col">{t('report.level')}</th>
            <th scope="col">{t('report.score')}</th>
            {r.previous && <th scope="col">{t('report.change')}</th>}
            {r.agreed.length > 0 && <th scope="col">{t('sharing.agreed')}</th>}
          </tr>
        </thead>
        <tbody>
          {r.areas.map((a) => (
            <tr key={a.key}>
              <th scope="row">{a.title}</th>
              <td>{a.result?.label ?? '–'}</td>
              <td>{a.result ? a.result.score.toFixed(2) : '–'}</td>
              {r.previous && <td>{a.change !== undefined && a.change !== null ? signed(a.change) : '–'}</td>}
              {r.agreed.length > 0 && <td>{r.agreed.find((x) => x.area === a.key)?.label ?? '–'}</td>}
            </tr>
          ))}
        </tbody>
      </Table>

      {r.agreed.length > 0 && (
        <div className="card">
          <h2>{t('sharing.agreedTitle')}</h2>
          <ul className="plain-list">
            {r.agreed.map((x) => (
              <li key={x.area}>
                <strong>{r.areas.find((a) => a.key === x.area)?.title}</strong>: {x.label} ({x.by_name}, {dates.dayOf(x.at)})
                {x.comment && <p>{x.comment}</p>}
                {x.evidence.length > 0 && (
                  <ul>
                    {x.evidence.map((e) => (
                      <li key={e}>
                        <a href={e} rel="noreferrer noopener" target="_blank">
                          {e}
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {!r.own && r.status === 'submitted' && <AgreeForm r={r} />}

      <div className="two-col" id="strengths">
        <div className="card">
          <h2>{r.own ? t('report.strongest') : t('report.strongestOf', { name: r.owner_name ?? '' })}</h2>
          <ul>
            {r.strongest.map((k) => (
              <li key={k}>
                {shortName(byKey.get(k)?.statement ?? k)} – {byKey.get(k)?.result?.label}
              </li>
            ))}
          </ul>
        </div>
        <div className="card">
          <h2>{t('report.weakest')}</h2>
          <ul>
            {r.weakest.map((k) => (
              <li key={k}>
                <a href={`#c-${k}`} onClick={() => openCompetence(k)}>
                  {shortName(byKey.get(k)?.statement ?? k)}
                </a>{' '}
                – {byKey.get(k)?.result?.label}
              </li>
            ))}
          </ul>
        </div>
      </div>

      <h2 id="competences">{t('report.competences')}</h2>
      <p className="hint no-print">
        {t('report.competencesHint')}{' '}
        {r.areas.map((a, i) => (
          <span key={a.key}>
            {i > 0 && ' · '}
            <a href={`#area-${a.key}`}>{a.title}</a>
          </span>
        ))}
      </p>
      {r.areas.map((a) => (
        <div key={a.key}>
          <h3 id={`area-${a.key}`}>{a.title}</h3>
          {r.competences
            .filter((c) => c.area === a.key)
            .map((c) => (
              <details
                key={c.key}
                id={`c-${c.key}`}
                className="card competence"
                open={opened.has(c.key)}
                onToggle={(e) => {
                  const isOpen = (e.currentTarget as HTMLDetailsElement).open;
                  setOpened((o) => {
                    if (o.has(c.key) === isOpen) return o;
                    const n = new Set(o);
                    if (isOpen) n.add(c.key);
                    else n.delete(c.key);
                    return n;
                  });
                }}
              >
                <summary>
                  <span className="competence-name">{shortName(c.statement)}</span>{' '}
                  {c.result ? <span className="chip">{c.result.label}</span> : <span className="hint">{t('report.notAnswered')}</span>}
                  {c.previous_score !== undefined && c.previous_score !== null && (
                    <span className="hint"> {t('report.previousLevel', { level: levelAt(c.previous_score) })}</span>
                  )}
                </summary>
                {c.answer_label && (
                  <p>
                    <strong>{r.own ? t('report.yourAnswer') : t('report.theirAnswer')}:</strong> {c.answer_label}
                  </p>
                )}
                {c.meaning && (
                  <p>
                    <strong>{t('report.meaning')}:</strong> {c.meaning}
                  </p>
                )}
                {c.next_step && (
                  <p className="next-step">
                    <strong>{t('report.nextStep')}:</strong> {c.next_step}
                  </p>
                )}
              </details>
            ))}
        </div>
      ))}

      <h2 id="history">{t('report.history')}</h2>
      {r.history.length < 2 ? (
        <p className="hint">{t('report.historyEmpty')}</p>
      ) : (
        <>
          <Chart option={historyOption} height={240} />
          <Table caption={t('report.historyCaption')}>
            <thead>
              <tr>
                <th scope="col">{t('report.date')}</th>
                <th scope="col">{t('report.overall')}</th>
              </tr>
            </thead>
            <tbody>
              {r.history.map((h) => (
                <tr key={h.id}>
                  <td>
                    <Link to={`/reflections/${h.id}/report`}>{dates.dayOf(h.submitted_at)}</Link>
                  </td>
                  <td>{h.overall !== undefined && h.overall !== null ? `${levelAt(h.overall)} (${h.overall.toFixed(2)})` : '–'}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </section>
  );
}

/** For the mentor or peer it is shared with: record the level agreed for an area. */
function AgreeForm({ r }: { r: Report }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [area, setArea] = useState(r.areas[0]?.key ?? '');
  const [level, setLevel] = useState(r.levels.find((l) => l.score !== null)?.value ?? '');
  const [comment, setComment] = useState('');
  const [evidence, setEvidence] = useState('');
  const save = useMutation({
    mutationFn: () =>
      reflectionApi.agree(r.reflection_id, area, {
        level,
        comment: comment.trim() || undefined,
        evidence: evidence
          .split('\n')
          .map((x) => x.trim())
          .filter(Boolean),
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.reflections.report(r.reflection_id) }),
  });
  const errs = useFieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="card no-print" onSubmit={submit} noValidate>
      <h2>{t('sharing.agreeTitle')}</h2>
      <p className="hint">{t('sharing.agreeHint')}</p>
      <div className="grid">
        <Field label={t('report.area')}>
          {(p) => (
            <select {...p} value={area} onChange={(e) => setArea(e.target.value)}>
              {r.areas.map((a) => (
                <option key={a.key} value={a.key}>
                  {a.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('sharing.agreed')} error={errs.level}>
          {(p) => (
            <select {...p} value={level} onChange={(e) => setLevel(e.target.value)}>
              {r.levels
                .filter((l) => l.score !== null && l.score !== undefined)
                .map((l) => (
                  <option key={l.value} value={l.value}>
                    {l.label}
                  </option>
                ))}
            </select>
          )}
        </Field>
      </div>
      <Field label={t('sharing.comment')} error={errs.comment}>
        {(p) => <textarea {...p} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />}
      </Field>
      <Field label={t('sharing.evidence')} hint={t('sharing.evidenceHint')} error={errs.evidence}>
        {(p) => <textarea {...p} rows={2} value={evidence} onChange={(e) => setEvidence(e.target.value)} />}
      </Field>
      <p>
        <button type="submit" disabled={save.isPending}>
          {t('sharing.save')}
        </button>
      </p>
      {Object.keys(errs).length === 0 && <ErrorNotice error={save.error} />}
      {save.isSuccess && (
        <p role="status" className="notice ok">
          {t('sharing.saved')}
        </p>
      )}
    </form>
  );
}
