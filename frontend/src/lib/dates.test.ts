import { afterAll, describe, expect, it } from 'vitest';
import { datesIn } from './dates';

const zone = process.env.TZ;

describe('dates', () => {
  afterAll(() => {
    process.env.TZ = zone;
  });

  it('shows a calendar day as the same day for a reader west of UTC', () => {
    process.env.TZ = 'America/Los_Angeles';
    // What a plain local formatter does with a calendar day: the day before.
    expect(new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date('2026-12-04'))).toBe('Dec 3, 2026');
    const d = datesIn('en');
    expect(d.day('2026-12-04')).toBe('Dec 4, 2026');
    expect(d.day('2026-12-04T00:00:00Z')).toBe('Dec 4, 2026');
    expect(d.longDay('2026-12-04')).toBe('December 4, 2026');
  });

  it('shows a moment where the reader is', () => {
    process.env.TZ = 'Europe/Tallinn';
    const d = datesIn('en');
    // 23:30 UTC is already the next day in Tallinn.
    expect(d.dayOf('2026-12-04T23:30:00Z')).toBe('Dec 5, 2026');
    expect(d.moment('2026-12-04T23:30:00Z')).toContain('1:30');
  });

  it('writes the day in the interface language', () => {
    expect(datesIn('et').day('2026-12-04')).toContain('2026');
    expect(datesIn('et').longDay('2026-12-04')).toContain('detsember');
  });
});
