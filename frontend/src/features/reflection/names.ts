/** "1.1 Organisational communication: how do you …?" → "1.1 Organisational communication". */
export function shortName(statement: string): string {
  const i = statement.indexOf(':');
  return i > 0 && i < 90 ? statement.slice(0, i) : statement;
}
