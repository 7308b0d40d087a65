export {
  addDays,
  addHours,
  HolidayFile,
  VIETNAM_OFFSET_MS,
  vietnamDate,
  vietnamInstant,
  WorkingCalendar,
} from './calendar.ts';
