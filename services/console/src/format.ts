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

/** Vietnamese without diacritics and case, to search names as people type them ("quy nhon" finds "Quy Nhơn"). */
export const folded = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
