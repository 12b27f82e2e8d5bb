import type { Schemas } from '../../lib/api/client';

/** Tick areas of the instruments (a relationship's focus, an activity's topics). */
export function FocusPicker({
  options,
  value,
  onChange,
  legend,
  error,
}: {
  options: Schemas['FocusOptionDto'][];
  value: string[];
  onChange: (v: string[]) => void;
  legend: string;
  error?: string;
}) {
  if (options.length === 0) return null;
  return (
    <fieldset className="group-picks">
      <legend>{legend}</legend>
      <div className="choice-row">
        {options.map((f) => (
          <label key={f.key}>
            <input
              type="checkbox"
              checked={value.includes(f.key)}
              onChange={(e) => onChange(e.target.checked ? [...value, f.key] : value.filter((k) => k !== f.key))}
            />
            {f.title}
          </label>
        ))}
      </div>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
