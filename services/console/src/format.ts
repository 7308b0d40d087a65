/** Dates as Vietnamese officials write them, in Gia Lai's time zone whatever the device's: dd/MM/yyyy HH:mm. */
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function formatDateTime(iso: string): string {
  const byType = Object.fromEntries(
    parts.formatToParts(new Date(iso)).map((part) => [part.type, part.value]),
  );
  return `${byType.day}/${byType.month}/${byType.year} ${byType.hour}:${byType.minute}`;
}

export type Language = 'vi' | 'en';

/** How far an instant is from now, in days or hours: "còn 3 giờ", "quá hạn 2 ngày". */
export function timeLeft(dueAt: string, now: Date, language: Language): { text: string; overdue: boolean } {
  const ms = Date.parse(dueAt) - now.getTime();
  const overdue = ms < 0;
  const hours = Math.abs(ms) / 3_600_000;
  const amount = hours >= 48 ? Math.floor(hours / 24) : Math.max(1, Math.floor(hours));
  const unit = hours >= 48 ? (language === 'vi' ? 'ngày' : 'days') : language === 'vi' ? 'giờ' : 'hours';
  if (language === 'vi')
    return { text: overdue ? `quá hạn ${amount} ${unit}` : `còn ${amount} ${unit}`, overdue };
  return { text: overdue ? `${amount} ${unit} overdue` : `${amount} ${unit} left`, overdue };
}

/**
 * What is left of a deadline, in the unit the law counts it in: working days for a working-day deadline (the
 * server counts them by the province's holiday calendar), otherwise hours or days of the clock.
 */
export function deadlineLeft(
  deadline: { readonly dueAt: string; readonly workingDaysLeft?: number | null },
  now: Date,
  language: Language,
): { text: string; overdue: boolean } {
  const days = deadline.workingDaysLeft;
  if (days === undefined || days === null) return timeLeft(deadline.dueAt, now, language);
  const overdue = Date.parse(deadline.dueAt) < now.getTime();
  const amount = Math.abs(days);
  if (language === 'vi')
    return {
      text: overdue
        ? `quá hạn ${amount} ngày làm việc`
        : amount === 0
          ? 'hạn cuối hôm nay'
          : `còn ${amount} ngày làm việc`,
      overdue,
    };
  return {
    text: overdue
      ? `${amount} working days overdue`
      : amount === 0
        ? 'due today'
        : `${amount} working days left`,
    overdue,
  };
}

/** Vietnamese without diacritics and case, to search names as people type them ("quy nhon" finds "Quy Nhơn"). */
export const folded = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();

/** A date (and time) typed as officials write it, read as the contracts take it (Viet Nam keeps +07:00). */
const TYPED_INSTANT = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})$/;
const TYPED_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const two = (value: string) => value.padStart(2, '0');

/** `dd/MM/yyyy HH:mm` in Asia/Ho_Chi_Minh as an ISO instant, or undefined when it is not such a time. */
export function parseTypedInstant(typed: string): string | undefined {
  const match = TYPED_INSTANT.exec(typed.trim());
  if (!match) return undefined;
  const [, day, month, year, hour, minute] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const iso = `${year}-${two(month)}-${two(day)}T${two(hour)}:${minute}:00+07:00`;
  const parsed = new Date(iso);
  // 31/02 or 25:00 are not times: the date must read back as it was typed.
  return !Number.isNaN(parsed.getTime()) &&
    formatDateTime(iso) === `${two(day)}/${two(month)}/${year} ${two(hour)}:${minute}`
    ? iso
    : undefined;
}

/** `dd/MM/yyyy` as an ISO date, or undefined. */
export function parseTypedDate(typed: string): string | undefined {
  const match = TYPED_DATE.exec(typed.trim());
  if (!match) return undefined;
  const [, day, month, year] = match as unknown as [string, string, string, string];
  return parseTypedInstant(`${day}/${month}/${year} 12:00`) ? `${year}-${two(month)}-${two(day)}` : undefined;
}
