import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { keys } from '../../lib/queryKeys';
import { peopleApi } from './queries';
import { ErrorNotice, Field, useFieldErrors } from '../../lib/ui';
import { RoleFields, scopeBody, useAssignableRoles, type Role } from './ScopeFields';

export function InviteForm() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const roles = useAssignableRoles();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(roles.includes('teacher') ? 'teacher' : (roles[0] ?? 'teacher'));
  const [hubId, setHubId] = useState('');
  const [schoolId, setSchoolId] = useState('');
  const invite = useMutation({
    mutationFn: () => peopleApi.invite({ email, name: name || undefined, role, ...scopeBody(role, hubId, schoolId) }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.invitations.all }),
  });
  const f = useFieldErrors(invite.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate();
  };
  const done = invite.data;
  return (
    <div className="card">
      <h2>{t('people.inviteTitle')}</h2>
      <form className="stack" onSubmit={submit}>
        <div className="grid">
          <Field label={t('auth.email')} error={f.email}>
            {(p) => <input {...p} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
          <Field label={t('people.name')} error={f.name}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <RoleFields roles={roles} role={role} hubId={hubId} schoolId={schoolId} onRole={setRole} onHub={setHubId} onSchool={setSchoolId} errors={f} />
        </div>
        {Object.keys(f).length === 0 && <ErrorNotice error={invite.error} />}
        <div className="row-actions">
          <button type="submit" disabled={invite.isPending}>
            {t('people.sendInvitation')}
          </button>
        </div>
      </form>
      {done && (
        <div className="notice ok" role="status">
          {done.emailed ? (
            <p>{t('people.emailed', { email: done.invitation.email })}</p>
          ) : (
            <>
              <p>{t('people.shareLink', { email: done.invitation.email })}</p>
              <p className="copy-box" data-testid="invitation-url">
                {done.url}
              </p>
            </>
          )}
        </div>
      )}
    </div>
  );
}
