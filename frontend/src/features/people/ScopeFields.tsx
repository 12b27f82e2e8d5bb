import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../lib/api/client';
import { useAbilities } from '../../lib/auth';
import { Field } from '../../lib/ui';
import { directoryQueries } from '../../lib/directory';

export type Role = Schemas['Role'];
export const HUB_ROLES: Role[] = ['hub_coordinator', 'mentor', 'researcher'];
export const SCHOOL_ROLES: Role[] = ['school_leader', 'teacher'];

/** The roles the caller may hand out (the server checks again). */
export function useAssignableRoles(): Role[] {
  const can = useAbilities();
  if (can.isAdmin) return ['admin', ...HUB_ROLES, ...SCHOOL_ROLES];
  if (can.coordinatedHubs.length > 0) return [...HUB_ROLES, ...SCHOOL_ROLES];
  if (can.ledSchools.length > 0) return SCHOOL_ROLES;
  return [];
}

/** Pick the hub or school a role is granted in, among those the caller manages. */
export function ScopeFields({
  role,
  hubId,
  schoolId,
  onHub,
  onSchool,
  errors,
}: {
  role: Role;
  hubId: string;
  schoolId: string;
  onHub: (v: string) => void;
  onSchool: (v: string) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const can = useAbilities();
  const hubs = useQuery(directoryQueries.hubOptions());
  const schools = useQuery(directoryQueries.schoolOptions());
  if (HUB_ROLES.includes(role)) {
    const options = (hubs.data ?? []).filter((h) => can.isAdmin || can.coordinatedHubs.includes(h.id));
    return (
      <Field label={t('people.hub')} error={errors.hub_id}>
        {(p) => (
          <select {...p} required value={hubId} onChange={(e) => onHub(e.target.value)}>
            <option value="">—</option>
            {options.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    );
  }
  if (SCHOOL_ROLES.includes(role)) {
    const options = (schools.data ?? []).filter(
      (s) => can.isAdmin || can.coordinatedHubs.includes(s.hub_id) || can.ledSchools.includes(s.id),
    );
    return (
      <Field label={t('people.school')} error={errors.school_id}>
        {(p) => (
          <select {...p} required value={schoolId} onChange={(e) => onSchool(e.target.value)}>
            <option value="">—</option>
            {options.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    );
  }
  return null;
}

export function scopeBody(role: Role, hubId: string, schoolId: string) {
  return {
    hub_id: HUB_ROLES.includes(role) ? hubId || undefined : undefined,
    school_id: SCHOOL_ROLES.includes(role) ? schoolId || undefined : undefined,
  };
}

/** A role picker followed by the hub or school the role belongs to. */
export function RoleFields({
  roles,
  role,
  hubId,
  schoolId,
  onRole,
  onHub,
  onSchool,
  errors,
}: {
  roles: Role[];
  role: Role;
  hubId: string;
  schoolId: string;
  onRole: (r: Role) => void;
  onHub: (v: string) => void;
  onSchool: (v: string) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('people.role')} error={errors.role}>
        {(p) => (
          <select {...p} value={role} onChange={(e) => onRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <ScopeFields role={role} hubId={hubId} schoolId={schoolId} onHub={onHub} onSchool={onSchool} errors={errors} />
    </>
  );
}
