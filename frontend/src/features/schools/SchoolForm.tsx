import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';
import { schoolApi } from './queries';
import { ErrorNotice, Field, useFieldErrors } from '../../lib/ui';
import { splitList, TIME_ZONES } from '../../lib/forms';
import { schoolKindValues } from '../../lib/api/schema';

type School = Schemas['SchoolDto'];
type Kind = Schemas['SchoolKind'];
export const SCHOOL_KINDS: ReadonlyArray<Kind> = schoolKindValues;

const num = (s: string) => (s.trim() === '' ? null : Number(s));

/** Create a school in a hub, or edit one (with `If-Match`). */
export function SchoolForm({ school, hubId, onDone }: { school?: School; hubId?: string; onDone: (s: School) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [name, setName] = useState(school?.name ?? '');
  const [country, setCountry] = useState(school?.country ?? '');
  const [municipality, setMunicipality] = useState(school?.municipality ?? '');
  const [kind, setKind] = useState<Kind>(school?.kind ?? 'basic');
  const [languages, setLanguages] = useState(school?.languages.join(', ') ?? '');
  const [timeZone, setTimeZone] = useState(school?.time_zone ?? 'Europe/Tallinn');
  const [teachers, setTeachers] = useState(school?.teacher_count?.toString() ?? '');
  const [students, setStudents] = useState(school?.student_count?.toString() ?? '');
  const save = useMutation({
    mutationFn: async () => {
      const body = {
        name,
        country: country.trim().toUpperCase(),
        municipality: municipality.trim() || null,
        kind,
        languages: splitList(languages),
        time_zone: timeZone,
        teacher_count: num(teachers),
        student_count: num(students),
      };
      if (school) return schoolApi.update(school, body);
      return schoolApi.create({
        ...body,
        hub_id: hubId ?? '',
        municipality: body.municipality ?? undefined,
        teacher_count: body.teacher_count ?? undefined,
        student_count: body.student_count ?? undefined,
      });
    },
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: keys.schools.all });
      onDone(s);
    },
  });
  const f = useFieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="card stack" onSubmit={submit} aria-label={school ? t('common.edit') : t('schools.new')}>
      <div className="grid">
        <Field label={t('schools.name')} error={f.name}>
          {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('hubs.country')} hint={t('hubs.countryHint')} error={f.country}>
          {(p) => <input {...p} required maxLength={2} value={country} onChange={(e) => setCountry(e.target.value)} />}
        </Field>
        <Field label={t('schools.municipality')} error={f.municipality}>
          {(p) => <input {...p} value={municipality} onChange={(e) => setMunicipality(e.target.value)} />}
        </Field>
        <Field label={t('schools.kind')} error={f.kind}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
              {SCHOOL_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`schoolKinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('schools.languages')} hint={t('hubs.languagesHint')} error={f.languages}>
          {(p) => <input {...p} required value={languages} onChange={(e) => setLanguages(e.target.value)} />}
        </Field>
        <Field label={t('hubs.timeZone')} error={f.time_zone}>
          {(p) => (
            <>
              <input {...p} required list="school-time-zones" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
              <datalist id="school-time-zones">
                {TIME_ZONES.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label={t('schools.teachers')} error={f.teacher_count}>
          {(p) => <input {...p} type="number" min={0} inputMode="numeric" value={teachers} onChange={(e) => setTeachers(e.target.value)} />}
        </Field>
        <Field label={t('schools.students')} error={f.student_count}>
          {(p) => <input {...p} type="number" min={0} inputMode="numeric" value={students} onChange={(e) => setStudents(e.target.value)} />}
        </Field>
      </div>
      {Object.keys(f).length === 0 && <ErrorNotice error={save.error} />}
      <div className="row-actions">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : school ? t('common.save') : t('common.create')}
        </button>
      </div>
    </form>
  );
}
