import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Viet Nam's working days in Asia/Ho_Chi_Minh. The zone has had a fixed UTC+07:00 offset without daylight
 * saving since 1975, so local dates are computed with that offset (no time-zone database needed).
 */
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

const Day = z.object({
  date: z.iso.date(),
  name: z.string(),
  kind: z.enum(['holiday', 'compensatory', 'swap_workday']),
});
export const HolidayFile = z.record(z.string().regex(/^\d{4}$/), z.array(Day));
export type HolidayFile = z.infer<typeof HolidayFile>;

/** The local calendar date (YYYY-MM-DD) of an instant in Viet Nam. */
export const vietnamDate = (instant: Date): string =>
  new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);

/** The instant a local date and time in Viet Nam stands for. */
export const vietnamInstant = (date: string, time = '00:00:00.000'): Date =>
  new Date(`${date}T${time}+07:00`);

const nextDate = (date: string): string => {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
};

export class WorkingCalendar {
  private readonly daysOff = new Set<string>();
  private readonly workingSaturdays = new Set<string>();
  readonly years: ReadonlySet<number>;

  constructor(file: HolidayFile) {
    const parsed = HolidayFile.parse(file);
    for (const days of Object.values(parsed)) {
      for (const day of days)
        (day.kind === 'swap_workday' ? this.workingSaturdays : this.daysOff).add(day.date);
    }
    this.years = new Set(Object.keys(parsed).map(Number));
  }

  /** The calendar shipped with the code, plus `CHUNGTAY_HOLIDAYS_FILE` when set (its years win). */
  static default(): WorkingCalendar {
    const shipped = JSON.parse(readFileSync(new URL('../data/vn-holidays.json', import.meta.url), 'utf8'));
    const extra = process.env.CHUNGTAY_HOLIDAYS_FILE
      ? JSON.parse(readFileSync(process.env.CHUNGTAY_HOLIDAYS_FILE, 'utf8'))
      : {};
    return new WorkingCalendar({ ...shipped, ...extra });
  }

  /**
   * Whether a year's holidays are known. For a year that is not, weekends still count but holidays cannot:
   * deadlines computed in it are flagged (`knowsYear`) so that nobody mistakes them for final.
   */
  knowsYear(year: number): boolean {
    return this.years.has(year);
  }

  isWorkingDay(date: string): boolean {
    if (this.workingSaturdays.has(date)) return true;
    if (this.daysOff.has(date)) return false;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /**
   * A deadline of `days` working days from `start`: the end (23:59:59.999 local) of the `days`-th working day
   * after the local date of `start`; the starting day itself does not count (docs/decisions/0009).
   */
  addWorkingDays(start: Date, days: number): Date {
    if (!Number.isInteger(days) || days < 1) throw new RangeError('days: a positive whole number');
    let date = vietnamDate(start);
    for (let counted = 0; counted < days; ) {
      date = nextDate(date);
      if (this.isWorkingDay(date)) counted++;
    }
    return vietnamInstant(date, '23:59:59.999');
  }

  /** Whether every year a working-day deadline from `start` can touch has a known holiday list. */
  coversPeriod(start: Date, end: Date): boolean {
    for (
      let year = Number(vietnamDate(start).slice(0, 4));
      year <= Number(vietnamDate(end).slice(0, 4));
      year++
    ) {
      if (!this.knowsYear(year)) return false;
    }
    return true;
  }
}

export const addHours = (start: Date, hours: number): Date => new Date(start.getTime() + hours * 3_600_000);
export const addDays = (start: Date, days: number): Date => new Date(start.getTime() + days * 86_400_000);
