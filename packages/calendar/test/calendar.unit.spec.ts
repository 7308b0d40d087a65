import { describe, expect, it } from 'vitest';
import { vietnamDate, vietnamInstant, WorkingCalendar } from '../src/index.ts';

const calendar = WorkingCalendar.default();
const at = (local: string) => new Date(`${local}+07:00`);

describe('working days in Viet Nam (2026)', () => {
  it('reads local dates in Asia/Ho_Chi_Minh', () => {
    expect(vietnamDate(new Date('2026-03-02T16:59:59Z'))).toBe('2026-03-02');
    expect(vietnamDate(new Date('2026-03-02T17:00:00Z'))).toBe('2026-03-03');
    expect(vietnamInstant('2026-03-03').toISOString()).toBe('2026-03-02T17:00:00.000Z');
  });

  it('knows weekends, holidays, compensatory days and make-up Saturdays', () => {
    expect(calendar.isWorkingDay('2026-03-02')).toBe(true); // Monday
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-02-17')).toBe(false); // Tết
    expect(calendar.isWorkingDay('2026-01-02')).toBe(false); // swapped day off
    expect(calendar.isWorkingDay('2026-01-10')).toBe(true); // make-up Saturday
    expect(calendar.isWorkingDay('2026-04-27')).toBe(false); // compensatory for Giỗ Tổ on Sunday
    expect(calendar.isWorkingDay('2026-08-22')).toBe(true); // make-up Saturday for National Day
  });

  it('counts 5 working days from a Monday to the end of the next Monday', () => {
    expect(calendar.addWorkingDays(at('2026-03-02T10:00:00'), 5)).toEqual(at('2026-03-09T23:59:59.999'));
  });

  it('skips a weekend: 5 working days from a Thursday end on the next Thursday', () => {
    expect(calendar.addWorkingDays(at('2026-03-05T08:30:00'), 5)).toEqual(at('2026-03-12T23:59:59.999'));
  });

  it('skips a weekend and a public holiday: from Wed 29 April, Thu 30/4 and Fri 1/5 are off', () => {
    // Working days after Wed 29/4: Mon 4/5, Tue 5/5, Wed 6/5, Thu 7/5, Fri 8/5.
    expect(calendar.addWorkingDays(at('2026-04-29T15:00:00'), 5)).toEqual(at('2026-05-08T23:59:59.999'));
  });

  it('spans Tết: 2 working days from Fri 13 February end on Tue 24 February', () => {
    // Sat–Sun 14–15, Tết 16–20, Sat–Sun 21–22: next working days Mon 23, Tue 24.
    expect(calendar.addWorkingDays(at('2026-02-13T09:00:00'), 2)).toEqual(at('2026-02-24T23:59:59.999'));
  });

  it('counts a make-up Saturday: 1 working day from Fri 9 January is Sat 10 January', () => {
    expect(calendar.addWorkingDays(at('2026-01-09T09:00:00'), 1)).toEqual(at('2026-01-10T23:59:59.999'));
  });

  it('uses the local date: 23:30 on a Friday in Viet Nam is still that Friday', () => {
    // 16:30 UTC Friday 6 March = 23:30 local Friday; 1 working day later is Monday 9 March.
    expect(calendar.addWorkingDays(new Date('2026-03-06T16:30:00Z'), 1)).toEqual(
      at('2026-03-09T23:59:59.999'),
    );
  });

  it('says when a year has no announced holidays, and refuses nonsense', () => {
    expect(calendar.knowsYear(2026)).toBe(true);
    expect(calendar.knowsYear(2027)).toBe(false);
    expect(calendar.coversPeriod(at('2026-12-29T09:00:00'), at('2027-01-05T09:00:00'))).toBe(false);
    expect(() => calendar.addWorkingDays(at('2026-03-02T10:00:00'), 0)).toThrow(/days/);
    expect(
      () => new WorkingCalendar({ 2026: [{ date: '2026-13-01', name: 'x', kind: 'holiday' }] }),
    ).toThrow();
  });
});
