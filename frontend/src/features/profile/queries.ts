// Every API call of the profile page.
import { api, unwrap, type Schemas } from '../../lib/api/client';

export const profileApi = {
  update: async (body: Schemas['MePatch']) => unwrap(await api.PATCH('/api/v1/me', { body })),
  changePassword: async (current: string, newPassword: string) =>
    unwrap(await api.POST('/api/v1/me/password', { body: { current_password: current, new_password: newPassword } })),
};
