// Every API call of the readiness-campaign feature: reads as query factories, writes as functions.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api/client';
import { resultOf } from '../../lib/answerQueue';
import { keys } from '../../lib/queryKeys';

export const campaignQueries = {
  ofSchool: (schoolId: string) =>
    queryOptions({
      queryKey: keys.campaigns.ofSchool(schoolId),
      queryFn: async () => unwrap(await api.GET('/api/v1/schools/{id}/campaigns', { params: { path: { id: schoolId } } })),
      enabled: !!schoolId,
    }),
  one: (id: string) =>
    queryOptions({
      queryKey: keys.campaigns.one(id),
      queryFn: async () => unwrap(await api.GET('/api/v1/campaigns/{id}', { params: { path: { id } } })),
    }),
  report: (id: string, lang: string | undefined) =>
    queryOptions({
      queryKey: keys.campaigns.report(id, lang),
      queryFn: async () => unwrap(await api.GET('/api/v1/campaigns/{id}/report', { params: { path: { id }, query: { lang } } })),
    }),
  /** The public questionnaire behind a link code (no sign-in). */
  respond: (code: string, lang: string | undefined) =>
    queryOptions({
      queryKey: keys.campaigns.respond(code, lang),
      queryFn: async () => unwrap(await api.GET('/api/v1/respond/{code}', { params: { path: { code }, query: { lang } } })),
      retry: false,
    }),
  /** One anonymous response, read back with its token. */
  response: (code: string, id: string, token: string) =>
    queryOptions({
      queryKey: keys.campaigns.response(id),
      queryFn: async () =>
        unwrap(await api.GET('/api/v1/respond/{code}/responses/{id}', { params: { path: { code, id }, header: { 'X-Response-Token': token } } })),
      retry: 1,
    }),
};

export const campaignApi = {
  create: async (schoolId: string, body: Schemas['CampaignCreate']) =>
    unwrap(await api.POST('/api/v1/schools/{id}/campaigns', { params: { path: { id: schoolId } }, body })),
  update: async (id: string, body: Schemas['CampaignPatch']) => unwrap(await api.PATCH('/api/v1/campaigns/{id}', { params: { path: { id } }, body })),
  close: async (id: string) => unwrap(await api.POST('/api/v1/campaigns/{id}/close', { params: { path: { id } } })),
  /** A group's link as a QR code image, or null. */
  qrCode: async (id: string, group: string) => {
    const res = await api.GET('/api/v1/campaigns/{id}/codes/{group}/qr.svg', { params: { path: { id, group } }, parseAs: 'blob' });
    return res.data ? (res.data as Blob) : null;
  },
  /** The report as CSV text, or null. */
  reportCsv: async (id: string, lang: string | undefined) => {
    const res = await api.GET('/api/v1/campaigns/{id}/report.csv', { params: { path: { id }, query: { lang } }, parseAs: 'text' });
    return typeof res.data === 'string' ? res.data : null;
  },
  startResponse: async (code: string) => unwrap(await api.POST('/api/v1/respond/{code}/responses', { params: { path: { code } } })),
  /** Autosave one anonymous answer; answers how the answer queue should treat the outcome. */
  saveAnswer: async (code: string, id: string, token: string, item: string, value: string) => {
    const res = await api.PUT('/api/v1/respond/{code}/responses/{id}/answers/{item_key}', {
      params: { path: { code, id, item_key: item }, header: { 'X-Response-Token': token } },
      body: { value },
    });
    return resultOf(res.response.status);
  },
  submitResponse: async (code: string, id: string, token: string) =>
    unwrap(await api.POST('/api/v1/respond/{code}/responses/{id}/submit', { params: { path: { code, id }, header: { 'X-Response-Token': token } } })),
};
