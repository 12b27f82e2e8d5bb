// Every API call of the research data page.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';

type Dataset = Schemas['DatasetDto'];

/** A dataset whose generation has not ended. */
export const inProgress = (d: Dataset) => d.status === 'queued' || d.status === 'running';

export const researchQueries = {
  recipients: () =>
    queryOptions({
      queryKey: keys.research.recipients(),
      queryFn: async () => unwrap(await api.GET('/api/v1/research/recipients')),
    }),
  agreements: () =>
    queryOptions({
      queryKey: keys.research.agreements(),
      queryFn: async () => unwrap(await api.GET('/api/v1/research/agreements')),
    }),
  /** The datasets, asked again every second while one is being generated. */
  datasets: () =>
    queryOptions({
      queryKey: keys.research.datasets(),
      queryFn: async () => unwrap(await api.GET('/api/v1/research/datasets')),
      refetchInterval: (q) => ((q.state.data ?? []).some(inProgress) ? 1000 : false),
    }),
};

export const researchApi = {
  recordAgreement: async (body: Schemas['AgreementInput']) => unwrap(await api.POST('/api/v1/research/agreements', { body })),
  createDataset: async (body: Schemas['DatasetInput']) => unwrap(await api.POST('/api/v1/research/datasets', { body })),
  /** The dataset's zip file, downloaded (it needs the caller's token, so not a plain link). */
  download: async (id: string) => {
    const res = await api.GET('/api/v1/research/datasets/{id}/file', { params: { path: { id } }, parseAs: 'blob' });
    const blob = unwrap(res) as unknown as Blob;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `ihub-dataset-${id}.zip`;
    a.click();
    URL.revokeObjectURL(url);
  },
};
