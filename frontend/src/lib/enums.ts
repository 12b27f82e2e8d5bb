/**
 * The API's domain values (statuses, kinds, roles, modes) come from the generated client
 * (`src/lib/api/schema.ts`, made from openapi/openapi.json): the SPA never keeps its own
 * copy of a list. This narrows what a form control gives back to the enum it offers.
 */
export function oneOf<T extends string>(values: ReadonlyArray<T>, v: string): T {
  return values.find((x) => x === v) ?? (values[0] as T);
}
