import { createContext, type ReactNode, useContext, useState } from 'react';
import type { Language } from './format.ts';

/** The console's own words; code lists (statuses, roles, forms of harm) come labelled from the contracts. */
const words = {
  appName: { vi: 'Chung Tay — Bảo vệ trẻ em', en: 'Chung Tay — Child protection' },
  signInTitle: { vi: 'Đăng nhập', en: 'Sign in' },
  signInDemo: {
    vi: 'Bản chạy thử: chọn một người dùng mẫu để đăng nhập (không cần mật khẩu).',
    en: 'Demo: pick a demo user to sign in (no password).',
  },
  signInOidc: {
    vi: 'Đăng nhập bằng tài khoản do tỉnh cấp cho cơ quan của bạn.',
    en: 'Sign in with the account the province gave your agency.',
  },
  signInWithProvider: { vi: 'Đăng nhập bằng tài khoản của tỉnh', en: 'Sign in with the province’s account' },
  signOut: { vi: 'Đăng xuất', en: 'Sign out' },
  expired: {
    vi: 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.',
    en: 'Your session expired. Please sign in again.',
  },
  workQueue: { vi: 'Danh sách vụ việc', en: 'Work queue' },
  caseCount: { vi: 'vụ việc', en: 'cases' },
  status: { vi: 'Trạng thái', en: 'Status' },
  noDeadline: { vi: 'Không có thời hạn đang chờ', en: 'No open deadline' },
  allStatuses: { vi: 'Tất cả trạng thái', en: 'All statuses' },
  all: { vi: 'Tất cả', en: 'All' },
  print: { vi: 'In', en: 'Print' },
  earlier: { vi: 'Xem các bước trước đó', en: 'Show earlier steps' },
  forms: { vi: 'Biểu mẫu', en: 'Forms' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
  empty: { vi: 'Không có vụ việc nào.', en: 'No cases.' },
  more: { vi: 'Xem thêm', en: 'Show more' },
  back: { vi: 'Quay lại danh sách', en: 'Back to the queue' },
  caseTitle: { vi: 'Vụ việc', en: 'Case' },
  deadlines: { vi: 'Thời hạn theo quy định', en: 'Legal deadlines' },
  timeline: { vi: 'Diễn biến vụ việc', en: 'Timeline' },
  redacted: {
    vi: 'Nội dung không hiển thị với vai trò của bạn',
    en: 'Content not shown to your role',
  },
  notFound: { vi: 'Không tìm thấy vụ việc.', en: 'No such case.' },
  error: { vi: 'Đã có lỗi. Vui lòng thử lại.', en: 'Something went wrong. Please try again.' },
  unavailable: {
    vi: 'Hệ thống tạm thời gián đoạn. Vui lòng thử lại sau ít phút.',
    en: 'The service is briefly unavailable. Please try again in a moment.',
  },
  deadlineMet: { vi: 'Đã hoàn thành', en: 'Met' },
  deadlineMetLate: { vi: 'Hoàn thành muộn', en: 'Met late' },
  language: { vi: 'English', en: 'Tiếng Việt' },
  skip: { vi: 'Bỏ qua, đến nội dung chính', en: 'Skip to main content' },
  intakeTitle: { vi: 'Tiếp nhận thông báo, tố giác (Mẫu số 01)', en: 'Receive a report (Form 01)' },
  intakeNav: { vi: 'Tiếp nhận thông báo', en: 'Receive a report' },
  incidentCommune: { vi: 'Xã, phường nơi xảy ra vụ việc', en: 'Commune where it happened' },
  communeSearch: { vi: 'Gõ tên xã, phường (không cần dấu)', en: 'Type the commune’s name' },
  chosen: { vi: 'Đã chọn', en: 'Chosen' },
  category: { vi: 'Loại thông tin', en: 'Category' },
  formsOfHarm: { vi: 'Hình thức xâm hại', en: 'Forms of harm' },
  child: { vi: 'Thông tin về trẻ em', en: 'The child' },
  reporter: { vi: 'Người thông báo', en: 'The reporter' },
  reporterConsent: {
    vi: 'Người thông báo đồng ý ghi lại danh tính',
    en: 'The reporter agrees to their identity being recorded',
  },
  submitReport: { vi: 'Ghi nhận thông báo', en: 'Record the report' },
  fieldInvalid: { vi: 'Vui lòng kiểm tra lại thông tin này.', en: 'Please check this field.' },
  fixFields: {
    vi: 'Có thông tin chưa đúng. Vui lòng sửa các mục được đánh dấu.',
    en: 'Some fields need fixing.',
  },
  receiptTitle: { vi: 'Đã ghi nhận thông báo', en: 'Report recorded' },
  receiptText: {
    vi: 'Thông báo đã được ghi nhận và chuyển đến UBND cấp xã nơi xảy ra vụ việc.',
    en: 'The report is recorded and goes to the commune where it happened.',
  },
  receiptNumber: { vi: 'Số hồ sơ', en: 'Case number' },
  newReport: { vi: 'Tiếp nhận thông báo khác', en: 'Receive another report' },
  optional: { vi: 'không bắt buộc', en: 'optional' },
  choose: { vi: '— Chọn —', en: '— Choose —' },
  instantHint: {
    vi: 'Ngày/tháng/năm giờ:phút, ví dụ 01/12/2026 14:30',
    en: 'dd/mm/yyyy hh:mm, e.g. 01/12/2026 14:30',
  },
  dateHint: { vi: 'Ngày/tháng/năm, ví dụ 15/12/2026', en: 'dd/mm/yyyy, e.g. 15/12/2026' },
  add: { vi: 'Thêm', en: 'Add' },
  remove: { vi: 'Bỏ', en: 'Remove' },
  record: { vi: 'Ghi nhận', en: 'Record' },
  cancel: { vi: 'Hủy, quay lại vụ việc', en: 'Cancel, back to the case' },
  steps: { vi: 'Các bước có thể thực hiện', en: 'Steps you can take' },
  noSteps: { vi: 'Hiện không có bước nào dành cho bạn.', en: 'No step is yours to take now.' },
  stepUnavailable: {
    vi: 'Bước này hiện không thực hiện được với vụ việc này.',
    en: 'This step cannot be taken on this case now.',
  },
  recorded: { vi: 'Đã ghi nhận', en: 'Recorded' },
  conflict: {
    vi: 'Người khác vừa cập nhật vụ việc này. Thông tin bạn nhập vẫn được giữ nguyên: xem những thay đổi ở trên rồi ghi nhận lại.',
    en: 'Someone else changed this case meanwhile. What you typed is kept: see what changed above, then record again.',
  },
  changesSince: { vi: 'Những thay đổi mới', en: 'What changed' },
  notPermitted: { vi: 'Bạn không có quyền thực hiện bước này.', en: 'You may not take this step.' },
  caseNumber: { vi: 'Số hồ sơ', en: 'Case number' },
  noNumber: { vi: 'Chưa có số', en: 'No number' },
  masked: { vi: '(che thông tin cá nhân)', en: '(personal data masked)' },
  erased: { vi: '(dữ liệu cá nhân đã bị xóa)', en: '(personal data erased)' },
  redactedField: { vi: '(không hiển thị với vai trò của bạn)', en: '(not shown to your role)' },
  yes: { vi: 'Có', en: 'Yes' },
  childrenNav: { vi: 'Trẻ em', en: 'Children' },
  manager: { vi: 'Người phụ trách', en: 'Case manager' },
  myCases: { vi: 'Vụ việc tôi phụ trách', en: 'My cases' },
  unassigned: { vi: 'Chưa có người phụ trách', en: 'Unassigned' },
  managedByYou: { vi: 'Bạn phụ trách vụ việc này', en: 'You manage this case' },
  managedBySomeoneElse: { vi: 'Một cán bộ khác phụ trách', en: 'Another officer manages it' },
  managedByNobody: { vi: 'Chưa có người phụ trách', en: 'Nobody manages it yet' },
  handedOver: {
    vi: 'Vụ việc đã chuyển đi; đây là hồ sơ tại thời điểm bàn giao. Nay thuộc',
    en: 'The case was handed over; this is the record as it stood then. It is now with',
  },
  transferTo: { vi: 'đang chờ tiếp nhận:', en: 'offered to' },
  transferWaiting: {
    vi: 'Đã đề nghị chuyển vụ việc, đang chờ tiếp nhận:',
    en: 'Transfer requested, waiting for',
  },
  childrenTitle: { vi: 'Tìm hồ sơ trẻ em', en: 'Find a child’s record' },
  searchBy: { vi: 'Tìm theo', en: 'Search by' },
  byName: { vi: 'Họ và tên', en: 'Full name' },
  byIdNumber: { vi: 'Số định danh cá nhân', en: 'Personal ID number' },
  wholeName: {
    vi: 'Họ và tên đầy đủ của trẻ em (có dấu hoặc không dấu)',
    en: 'The child’s whole name (with or without diacritics)',
  },
  idNumber: { vi: 'Số định danh cá nhân (12 chữ số)', en: 'Personal ID number (12 digits)' },
  search: { vi: 'Tìm', en: 'Search' },
  found: { vi: 'Số hồ sơ tìm thấy', en: 'Records found' },
  noChildFound: {
    vi: 'Không tìm thấy hồ sơ nào trong phạm vi của bạn. Hãy kiểm tra họ tên đầy đủ hoặc số định danh.',
    en: 'No record in your reach. Check the whole name or the ID number.',
  },
  nameNeeded: { vi: 'Vui lòng nhập họ và tên đầy đủ.', en: 'Type the whole name.' },
  idNumberNeeded: { vi: 'Số định danh cá nhân gồm 12 chữ số.', en: 'A personal ID number has 12 digits.' },
  cancelChild: { vi: 'Hủy, quay lại hồ sơ', en: 'Cancel, back to the record' },
  backChildren: { vi: 'Tìm hồ sơ khác', en: 'Find another record' },
  noSuchChild: { vi: 'Không tìm thấy hồ sơ trẻ em.', en: 'No such child record.' },
  childRecord: { vi: 'Hồ sơ trẻ em', en: 'Child record' },
  conflictChild: {
    vi: 'Người khác vừa cập nhật hồ sơ này. Thông tin bạn nhập vẫn được giữ nguyên: xem lại rồi ghi nhận lại.',
    en: 'Someone else changed this record meanwhile. What you typed is kept: check it, then record again.',
  },
  specialCircumstances: { vi: 'Nhóm trẻ em có hoàn cảnh đặc biệt', en: 'Special-circumstance groups' },
  noGroup: { vi: 'Không thuộc nhóm nào.', en: 'In no group.' },
  supportGiven: { vi: 'Hỗ trợ, chăm sóc đã thực hiện', en: 'Support given' },
  noSupport: { vi: 'Chưa ghi nhận hỗ trợ nào.', en: 'No support recorded.' },
  childCases: { vi: 'Vụ việc liên quan', en: 'Cases' },
  openCase: { vi: 'Mở vụ việc', en: 'Open the case' },
  possibleDuplicates: { vi: 'Hồ sơ có thể trùng', en: 'Possible duplicates' },
  duplicatePossible: { vi: 'Chờ xác nhận', en: 'To decide' },
  duplicateConfirmed: { vi: 'Đã xác nhận là cùng một trẻ em', en: 'Confirmed: the same child' },
  duplicateDismissed: { vi: 'Đã xác nhận không trùng', en: 'Dismissed: not the same child' },
  otherRecordOutOfReach: {
    vi: 'Hồ sơ kia thuộc xã khác, bạn không xem được.',
    en: 'The other record is another commune’s: out of your reach.',
  },
  confirmSame: { vi: 'Xác nhận là cùng một trẻ em', en: 'Confirm: the same child' },
  dismissReason: { vi: 'Lý do không trùng', en: 'Why they are not the same child' },
  dismissNotSame: { vi: 'Xác nhận không trùng', en: 'Dismiss: not the same child' },
  reasonNeeded: { vi: 'Vui lòng ghi lý do.', en: 'Give the reason.' },
  commune: { vi: 'Xã, phường', en: 'Commune' },
  birthRegistration: { vi: 'Đăng ký khai sinh', en: 'Birth registration' },
  childErased: {
    vi: 'Dữ liệu cá nhân của trẻ em đã bị xóa theo yêu cầu hoặc quyết định có thẩm quyền.',
    en: 'The child’s personal data was erased on request or by decision.',
  },
  childRecordLink: { vi: 'Xem hồ sơ trẻ em', en: 'The child’s record' },
  no: { vi: 'Không', en: 'No' },
} as const satisfies Record<string, Record<Language, string>>;

export type Word = keyof typeof words;

const LanguageContext = createContext<{ language: Language; setLanguage: (language: Language) => void }>({
  language: 'vi',
  setLanguage: () => undefined,
});

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>('vi');
  return <LanguageContext.Provider value={{ language, setLanguage }}>{children}</LanguageContext.Provider>;
}

export function useLanguage() {
  const { language, setLanguage } = useContext(LanguageContext);
  return { language, setLanguage, t: (word: Word) => words[word][language] };
}
