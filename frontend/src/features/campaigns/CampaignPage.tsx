import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';
import { campaignApi, campaignQueries } from './queries';
import { ErrorNotice, PageHeader, QueryState, Table } from '../../lib/ui';
import { useDates } from '../../lib/dates';

type Campaign = Schemas['CampaignDto'];

/** A campaign: codes to hand out, live participation, closing and sharing. */
export function CampaignPage() {
  const { id = '' } = useParams();
  const c = useQuery({
    ...campaignQueries.one(id),
    // Live participation while answers come in.
    refetchInterval: (q) => (q.state.data?.status === 'open' ? 10_000 : false),
  });
  return (
    <QueryState isLoading={c.isLoading} error={c.error} retry={() => void c.refetch()}>
      {c.data && <CampaignView c={c.data} />}
    </QueryState>
  );
}

function CampaignView({ c }: { c: Campaign }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const dates = useDates();
  const manages = c.codes.length > 0;
  const refresh = () => void qc.invalidateQueries({ queryKey: keys.campaigns.one(c.id) });
  const close = useMutation({
    mutationFn: () => campaignApi.close(c.id),
    onSuccess: refresh,
  });
  const share = useMutation({
    mutationFn: (body: { shared_with_mentors?: boolean; shared_with_coordinator?: boolean }) => campaignApi.update(c.id, body),
    onSuccess: refresh,
  });
  return (
    <section>
      <PageHeader title={c.name}>
        <Link className="button" to={`/campaigns/${c.id}/report`}>
          {t('campaigns.viewReport')}
        </Link>
      </PageHeader>
      <p>
        <Link to={`/schools/${c.school_id}`}>{c.school_name}</Link> · {t(`campaigns.status.${c.status}`)} ·{' '}
        {dates.longDay(c.opens_on)} – {dates.longDay(c.closes_on)} ({c.time_zone})
      </p>
      <h2>{t('campaigns.participation')}</h2>
      <Table caption={t('campaigns.participation')}>
        <thead>
          <tr>
            <th scope="col">{t('campaigns.groupCol')}</th>
            <th scope="col">{t('campaigns.responses')}</th>
            <th scope="col">{t('campaigns.inProgress')}</th>
            <th scope="col">{t('campaigns.ofExpected')}</th>
          </tr>
        </thead>
        <tbody>
          {c.participation.map((p) => (
            <tr key={p.group}>
              <th scope="row">{t(`campaigns.group.${p.group}`)}</th>
              <td>{p.responses}</td>
              <td>{p.in_progress}</td>
              <td>
                {p.percent !== undefined && p.percent !== null && p.expected ? (
                  <>
                    <progress max={100} value={Math.min(100, p.percent)} aria-label={t('campaigns.ofExpected')} /> {Math.round(p.percent)} % (
                    {p.expected})
                  </>
                ) : (
                  '–'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {manages && (
        <>
          <h2>{t('campaigns.codes')}</h2>
          <p className="hint">{t('campaigns.codesHint')}</p>
          <div className="codes">
            {c.codes.map((k) => (
              <CodeCard key={k.group} campaignId={c.id} group={k.group} code={k.code} path={k.path} />
            ))}
          </div>
          <h2>{t('campaigns.sharing')}</h2>
          <label className="check">
            <input
              type="checkbox"
              checked={c.shared_with_coordinator}
              disabled={share.isPending}
              onChange={(e) => share.mutate({ shared_with_coordinator: e.target.checked })}
            />{' '}
            {t('campaigns.shareCoordinator')}
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={c.shared_with_mentors}
              disabled={share.isPending}
              onChange={(e) => share.mutate({ shared_with_mentors: e.target.checked })}
            />{' '}
            {t('campaigns.shareMentors')}
          </label>
          <ErrorNotice error={share.error} />
          {c.status !== 'closed' && (
            <p>
              <button
                type="button"
                className="danger"
                disabled={close.isPending}
                onClick={() => window.confirm(t('campaigns.confirmClose')) && close.mutate()}
              >
                {t('campaigns.close')}
              </button>
            </p>
          )}
          <ErrorNotice error={close.error} />
        </>
      )}
    </section>
  );
}

function CodeCard({ campaignId, group, code, path }: { campaignId: string; group: string; code: string; path: string }) {
  const { t } = useTranslation();
  const [qr, setQr] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const link = `${window.location.origin}${path}`;
  useEffect(() => {
    let url: string | null = null;
    let live = true;
    void (async () => {
      const svg = await campaignApi.qrCode(campaignId, group);
      if (live && svg) {
        url = URL.createObjectURL(svg);
        setQr(url);
      }
    })();
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [campaignId, group]);
  return (
    <article className="card code-card">
      <h3>{t(`campaigns.group.${group}`)}</h3>
      <p className="code" aria-label={t('campaigns.codeLabel', { group: t(`campaigns.group.${group}`) })}>
        {code}
      </p>
      <p className="copy-box">{link}</p>
      <button
        type="button"
        className="secondary"
        onClick={() =>
          void navigator.clipboard?.writeText(link).then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 2000);
          })
        }
      >
        {copied ? t('campaigns.copied') : t('campaigns.copyLink')}
      </button>
      {qr && <img src={qr} alt={t('campaigns.qrAlt', { group: t(`campaigns.group.${group}`) })} width={200} height={200} />}
    </article>
  );
}
