/** A background for a mean agreement: 1 (red) … 3 (yellow) … 5 (green), light enough for dark text. */
export function heat(mean: number | null | undefined): string | undefined {
  if (mean === null || mean === undefined) return undefined;
  const x = Math.max(0, Math.min(1, (mean - 1) / 4));
  return `hsl(${Math.round(x * 120)} 70% 85%)`;
}
