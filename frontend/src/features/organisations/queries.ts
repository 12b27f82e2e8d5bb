// Every API call of the organisations feature (reads of organisations are pickers: `lib/directory`).
import { api, unwrap, type Schemas } from '../../lib/api/client';

export const organisationApi = {
  create: async (body: Schemas['OrganisationCreate']) => unwrap(await api.POST('/api/v1/organisations', { body })),
};
