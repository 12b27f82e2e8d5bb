// Every API call of the sign-in pages that is not the session itself (`lib/auth`).
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';

export const authQueries = {
  invitation: (token: string) =>
    queryOptions({
      queryKey: keys.invitations.byToken(token),
      queryFn: async () => unwrap(await api.GET('/api/v1/invitations/preview', { params: { query: { token } } })),
      enabled: token.length > 0,
      retry: false,
    }),
};

export const authApi = {
  acceptInvitation: async (body: Schemas['InvitationAccept']) => unwrap(await api.POST('/api/v1/invitations/accept', { body })),
  requestReset: async (email: string) => unwrap(await api.POST('/api/v1/auth/password-reset/request', { body: { email } })),
  confirmReset: async (token: string, newPassword: string) =>
    unwrap(await api.POST('/api/v1/auth/password-reset/confirm', { body: { token, new_password: newPassword } })),
};
