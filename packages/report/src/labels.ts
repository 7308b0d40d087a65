import {
  communeLabel,
  FormsOfHarm,
  ReportCategories,
  ReportChannels,
  Sexes,
  SpecialCircumstanceGroups,
} from '@chungtay/contracts';

/** The Vietnamese labels of the report: code lists from the contracts, the rest here. */
const agencies: Record<string, string> = {
  hotline: 'Tổng đài 111',
  commune: 'UBND cấp xã',
  police: 'Công an',
  legal_aid: 'Trợ giúp pháp lý nhà nước',
  health: 'Y tế',
  education: 'Giáo dục và Đào tạo',
  provincial: 'Sở Y tế',
  inspectorate: 'Thanh tra',
};

/** The legal deadlines (docs/case-process.md), as the report names them. */
const deadlines: Record<string, string> = {
  FORWARD_TO_COMMUNE: 'Chuyển thông tin về UBND cấp xã (24 giờ)',
  INITIAL_ASSESSMENT: 'Đánh giá ban đầu (12 giờ)',
  EMERGENCY_MEASURES: 'Biện pháp khẩn cấp (12 giờ)',
  SEPARATION_LIMIT: 'Thời hạn tạm thời cách ly (15 ngày)',
  SUPPORT_PLAN_DRAFT: 'Xây dựng kế hoạch hỗ trợ, can thiệp (5 ngày làm việc)',
  SUPPORT_PLAN_APPROVAL: 'Phê duyệt kế hoạch hỗ trợ, can thiệp',
  MONITORING_VISIT: 'Theo dõi, đánh giá định kỳ',
};

const referralStatuses: Record<string, string> = {
  OFFERED: 'Chờ tiếp nhận',
  CLAIMED: 'Đã nhận xử lý',
  ACCEPTED: 'Đã chấp nhận',
  IN_PROGRESS: 'Đang thực hiện',
  COMPLETED: 'Hoàn thành',
  DECLINED: 'Từ chối',
  WITHDRAWN: 'Đã rút',
};

const referralOutcomes: Record<string, string> = {
  SERVICE_PROVIDED: 'Đã cung cấp dịch vụ',
  PARTIALLY_PROVIDED: 'Cung cấp một phần',
  NOT_NEEDED: 'Không còn cần thiết',
  CHILD_UNREACHABLE: 'Không liên hệ được với trẻ',
};

const unknown = 'Chưa rõ';
const from = (labels: Readonly<Record<string, string>>) => (code: string) =>
  labels[code] ?? (code === 'UNKNOWN' ? unknown : code);

export const label = {
  agency: from(agencies),
  channel: from(ReportChannels.labels),
  category: from(ReportCategories.labels),
  formOfHarm: from(FormsOfHarm.labels),
  specialCircumstance: from(SpecialCircumstanceGroups.labels),
  sex: from(Sexes.labels),
  deadline: from(deadlines),
  referralStatus: from(referralStatuses),
  referralOutcome: from(referralOutcomes),
  ageBand: (band: string) => (band === 'unknown' ? unknown : `${band} tuổi`),
  ethnicity: (name: string) => (name === 'UNKNOWN' ? unknown : name),
  commune: communeLabel,
};

/** A share as Vietnamese writes it: "87,5%"; none when nothing was due. */
export const percent = (part: number, whole: number): string =>
  whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1).replace('.', ',')}%`;
