import type { Counts, DeadlineShare, Figures, YearlyReport } from './indicators.ts';
import { label, percent } from './labels.ts';

export type Cell = string | number;

/** One table of the report; `chart` names the column drawn as bars beside the labels of column 0. */
export interface Section {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly Cell[]>;
  readonly chart?: number;
}

const sorted = (counts: Counts) => Object.entries(counts).sort(([, a], [, b]) => b - a);
const counted = (counts: Counts, name: (code: string) => string): Cell[][] =>
  sorted(counts).map(([code, count]) => [name(code), count]);

/** A table of counts by code, largest first, drawn as bars. */
const breakdown = (
  title: string,
  columns: readonly [string, string],
  counts: Counts,
  name: (code: string) => string,
): Section => ({ title, columns, rows: counted(counts, name), chart: 1 });

const deadlineRows = (deadlines: Readonly<Record<string, DeadlineShare>>): Cell[][] =>
  Object.entries(deadlines).map(([kind, share]) => {
    const due = share.met + share.metLate + share.recordedLate + share.overdue;
    return [
      label.deadline(kind),
      due,
      share.met,
      share.metLate,
      share.recordedLate,
      share.overdue,
      percent(share.met, due),
    ];
  });

const sum = (deadlines: Readonly<Record<string, DeadlineShare>>, key: keyof DeadlineShare) =>
  Object.values(deadlines).reduce((total, share) => total + share[key], 0);

const communeRow = (code: string, figures: Figures): Cell[] => {
  const met = sum(figures.deadlines, 'met');
  const due =
    met +
    sum(figures.deadlines, 'metLate') +
    sum(figures.deadlines, 'recordedLate') +
    sum(figures.deadlines, 'overdue');
  return [
    label.commune(code),
    code,
    figures.reportsReceived,
    figures.casesWithSupportOrIntervention,
    percent(figures.casesWithSupportOrIntervention, figures.reportsReceived),
    due,
    percent(met, due),
    sum(figures.deadlines, 'overdue'),
    figures.referralsIssued,
  ];
};

/**
 * The report as tables, in the order the Department of Health reads them: what both the HTML page and the
 * workbook show, so the two never disagree.
 */
export function reportSections(report: YearlyReport): {
  summary: Section[];
  communes: Section;
  agencies: Section[];
} {
  const { province, children } = report;
  const summary: Section[] = [
    {
      title: 'Tổng hợp',
      columns: ['Chỉ tiêu', 'Giá trị'],
      rows: [
        ['Số tin báo, tố giác tiếp nhận', province.reportsReceived],
        ['Số vụ việc được hỗ trợ, can thiệp', province.casesWithSupportOrIntervention],
        [
          'Tỷ lệ vụ việc được hỗ trợ, can thiệp',
          percent(province.casesWithSupportOrIntervention, province.reportsReceived),
        ],
        ['Số lượt chuyển gửi giữa các cơ quan', province.referralsIssued],
        ['Số trẻ em có hồ sơ', children.children],
        ['Trẻ em có hoàn cảnh đặc biệt', children.inSpecialCircumstances],
        [
          'Tỷ lệ trẻ em có hoàn cảnh đặc biệt được chăm sóc, hỗ trợ (chỉ tiêu trên 98%)',
          percent(children.inSpecialCircumstancesSupported, children.inSpecialCircumstances),
        ],
        ['Trẻ em dưới 5 tuổi', children.underFive],
        [
          'Tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh (chỉ tiêu 100%)',
          percent(children.underFiveBirthRegistered, children.underFive),
        ],
      ],
    },
    breakdown(
      'Tin báo theo kênh tiếp nhận',
      ['Kênh', 'Số tin báo'],
      province.reportsByChannel,
      label.channel,
    ),
    breakdown('Vụ việc theo loại', ['Loại', 'Số vụ việc'], province.casesByCategory, label.category),
    breakdown(
      'Vụ việc theo hình thức xâm hại',
      ['Hình thức', 'Số vụ việc'],
      province.casesByFormOfHarm,
      label.formOfHarm,
    ),
    {
      title: 'Xử lý trong thời hạn luật định',
      columns: [
        'Thời hạn',
        'Đến hạn',
        'Đúng hạn',
        'Trễ hạn',
        'Ghi nhận sau khi đã quá hạn',
        'Quá hạn chưa xử lý',
        'Tỷ lệ đúng hạn',
      ],
      rows: deadlineRows(province.deadlines),
    },
    breakdown('Trẻ em theo giới tính', ['Giới tính', 'Số trẻ'], children.bySex, label.sex),
    breakdown('Trẻ em theo nhóm tuổi', ['Nhóm tuổi', 'Số trẻ'], children.byAgeBand, label.ageBand),
    breakdown('Trẻ em theo dân tộc', ['Dân tộc', 'Số trẻ'], children.byEthnicity, label.ethnicity),
    breakdown(
      'Trẻ em theo nhóm hoàn cảnh đặc biệt',
      ['Nhóm', 'Số trẻ'],
      children.bySpecialCircumstance,
      label.specialCircumstance,
    ),
  ];
  const communes: Section = {
    title: 'Theo xã, phường',
    columns: [
      'Xã, phường',
      'Mã',
      'Tin báo',
      'Được hỗ trợ, can thiệp',
      'Tỷ lệ hỗ trợ',
      'Thời hạn đến hạn',
      'Tỷ lệ đúng hạn',
      'Quá hạn',
      'Chuyển gửi',
    ],
    rows: Object.entries(report.communes)
      .sort(([a], [b]) => label.commune(a).localeCompare(label.commune(b), 'vi'))
      .map(([code, figures]) => communeRow(code, figures)),
  };
  const agencies: Section[] = [
    {
      title: 'Chuyển gửi theo cơ quan tiếp nhận',
      columns: [
        'Cơ quan',
        'Tiếp nhận',
        'Hoàn thành',
        'Từ chối',
        'Đang xử lý',
        'Chuyển lên tỉnh do quá hạn',
        'Sự kiện đã ghi nhận',
      ],
      rows: Object.entries(report.agencies).map(([agency, figures]) => [
        label.agency(agency),
        figures.referralsReceived,
        figures.referralsByStatus.COMPLETED ?? 0,
        figures.referralsByStatus.DECLINED ?? 0,
        (figures.referralsByStatus.OFFERED ?? 0) +
          (figures.referralsByStatus.CLAIMED ?? 0) +
          (figures.referralsByStatus.ACCEPTED ?? 0) +
          (figures.referralsByStatus.IN_PROGRESS ?? 0),
        figures.escalated,
        figures.eventsRecorded,
      ]),
      chart: 1,
    },
    {
      title: 'Kết quả chuyển gửi',
      columns: ['Cơ quan', 'Kết quả', 'Số lượt'],
      rows: Object.entries(report.agencies).flatMap(([agency, figures]) =>
        sorted(figures.referralOutcomes).map(([outcome, count]) => [
          label.agency(agency),
          label.referralOutcome(outcome),
          count,
        ]),
      ),
    },
  ];
  return { summary, communes, agencies };
}

/** Where the figures come from: the log prefix, so anyone can recompute them. */
export const pinRows = (report: YearlyReport): Cell[][] => [
  ['Kỳ báo cáo', `${report.period.from} – ${report.period.to}`],
  ['Số sự kiện của nhật ký đã dùng', report.pinnedTo.logSize],
  ['Gốc Merkle của nhật ký (RFC 6962)', report.pinnedTo.root],
  ['Vị trí cuối', report.pinnedTo.lastPosition],
  ['Thời hạn được đánh giá tại thời điểm', report.judgedAt],
  [
    'Tính lại',
    `chungtay report --from ${report.period.from} --to ${report.period.to} --up-to ${report.pinnedTo.logSize}${report.asOf ? ` --as-of ${report.asOf}` : ''}`,
  ],
];
