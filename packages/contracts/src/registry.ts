import type { PersonalDataMap, PersonalField } from '@chungtay/event-store';
import type { z } from 'zod';
import * as accessEvents from './access-events.ts';
import * as caseEvents from './case-events.ts';
import * as childEvents from './child-events.ts';
import * as numberingEvents from './numbering-events.ts';

export interface EventDefinition<Schema extends z.ZodType = z.ZodType> {
  /**
   * The stream category the event belongs to: `case-<id>`, `child-<id>`, `access-<caseId>` or
   * `numbering-<commune>-<year>`.
   */
  readonly stream: 'case' | 'child' | 'access' | 'numbering';
  /** The current schema version; older stored versions are upcast on read. */
  readonly version: number;
  readonly schema: Schema;
  /** Personal fields and the field naming their data subject: sealed with that subject's key at rest. */
  readonly personal: readonly PersonalField[];
  /** What happened, in Vietnamese, as officials read it. */
  readonly title: string;
  /** Which process step, form or rule it records. */
  readonly basis: string;
}

const child = (path: string): PersonalField => ({ path, subject: 'childId' });
const caseChild = (path: string): PersonalField => ({ path: `child.${path}`, subject: 'child.childId' });

const onCase = <Schema extends z.ZodType>(
  definition: Omit<EventDefinition<Schema>, 'stream' | 'version'> & { version?: number },
): EventDefinition<Schema> => ({ stream: 'case', version: 1, ...definition });
const onChild = <Schema extends z.ZodType>(
  definition: Omit<EventDefinition<Schema>, 'stream' | 'version'> & { version?: number },
): EventDefinition<Schema> => ({ stream: 'child', version: 1, ...definition });

/** Every event of the case timeline. A type missing here cannot be stored, published or shown. */
export const caseEventDefinitions = {
  ReportReceived: onCase({
    schema: caseEvents.ReportReceived,
    title: 'Tiếp nhận thông báo, tố giác (Mẫu số 01)',
    basis: 'D56 Art. 25(1); Form 01',
    personal: [
      caseChild('fullName'),
      caseChild('birthDate'),
      caseChild('currentCondition'),
      { path: 'relatives[].fullName', subject: 'relatives[].personId' },
      { path: 'relatives[].occupation', subject: 'relatives[].personId' },
      { path: 'familySituation', subject: 'child.childId' },
      { path: 'narrative', subject: 'child.childId' },
      { path: 'likelyHarmIfNoAction', subject: 'child.childId' },
      { path: 'actionsAlreadyTaken', subject: 'child.childId' },
      { path: 'reporter.fullName', subject: 'reporter.reporterId' },
      { path: 'reporter.phone', subject: 'reporter.reporterId' },
      { path: 'reporter.address', subject: 'reporter.reporterId' },
    ],
  }),
  ReportForwardedToCommune: onCase({
    schema: caseEvents.ReportForwardedToCommune,
    title: 'Chuyển thông tin về UBND cấp xã',
    basis: 'D56 Art. 26(1): immediately',
    personal: [],
  }),
  InitialAssessmentCompleted: onCase({
    schema: caseEvents.InitialAssessmentCompleted,
    title: 'Đánh giá ban đầu về nguy cơ (Mẫu số 02)',
    basis: 'D56 Art. 26(2); Form 02',
    personal: [child('findings')],
  }),
  EmergencyInterventionTaken: onCase({
    schema: caseEvents.EmergencyInterventionTaken,
    title: 'Can thiệp khẩn cấp',
    basis: 'D56 Art. 26(3), 31: within 12 hours of receipt',
    personal: [child('notes')],
  }),
  TemporarySeparationDecided: onCase({
    schema: caseEvents.TemporarySeparationDecided,
    title: 'Quyết định tạm thời cách ly trẻ em',
    basis: 'D56 Art. 32: within 12 hours; at most 15 days',
    personal: [child('placementDetails')],
  }),
  SeparationExtended: onCase({
    schema: caseEvents.SeparationExtended,
    title: 'Gia hạn thời gian cách ly theo yêu cầu của cơ quan có thẩm quyền',
    basis: 'D56 Art. 32',
    personal: [],
  }),
  SeparationEnded: onCase({
    schema: caseEvents.SeparationEnded,
    title: 'Chấm dứt việc tạm thời cách ly',
    basis: 'D56 Art. 32',
    personal: [child('notes')],
  }),
  DetailedAssessmentCompleted: onCase({
    schema: caseEvents.DetailedAssessmentCompleted,
    title: 'Đánh giá nguy cơ cụ thể, họp xác định nhu cầu (Mẫu số 03)',
    basis: 'D56 Art. 27; Form 03',
    personal: [child('findings')],
  }),
  SupportPlanDrafted: onCase({
    schema: caseEvents.SupportPlanDrafted,
    title: 'Xây dựng kế hoạch hỗ trợ, can thiệp (Mẫu số 04)',
    basis: 'D56 Art. 28: within 5 working days',
    personal: [child('summary'), child('tasks[].description')],
  }),
  SupportPlanReturned: onCase({
    schema: caseEvents.SupportPlanReturned,
    title: 'Trả lại dự thảo kế hoạch để hoàn thiện',
    basis: 'D56 Art. 28',
    personal: [],
  }),
  SupportPlanApproved: onCase({
    schema: caseEvents.SupportPlanApproved,
    title: 'Phê duyệt kế hoạch hỗ trợ, can thiệp (Mẫu số 05)',
    basis: 'D56 Art. 28; Form 05',
    personal: [],
  }),
  InterventionTaskCompleted: onCase({
    schema: caseEvents.InterventionTaskCompleted,
    title: 'Hoàn thành nhiệm vụ trong kế hoạch',
    basis: 'Law Art. 52(2); D56 Art. 29',
    personal: [child('outcome')],
  }),
  MonitoringVisitRecorded: onCase({
    schema: caseEvents.MonitoringVisitRecorded,
    title: 'Theo dõi, đánh giá',
    basis: 'D56 Art. 29',
    personal: [child('notes')],
  }),
  CaseReviewed: onCase({
    schema: caseEvents.CaseReviewed,
    title: 'Rà soát, đánh giá (Mẫu số 06)',
    basis: 'D56 Art. 30; Form 06',
    personal: [child('notes')],
  }),
  CaseClosed: onCase({
    schema: caseEvents.CaseClosed,
    title: 'Kết thúc kế hoạch, đóng hồ sơ',
    basis: 'D56 Art. 30',
    personal: [],
  }),
  CaseReplanned: onCase({
    schema: caseEvents.CaseReplanned,
    title: 'Điều chỉnh, xây dựng lại kế hoạch',
    basis: 'D56 Art. 30',
    personal: [],
  }),
  CaseReopened: onCase({
    schema: caseEvents.CaseReopened,
    title: 'Mở lại hồ sơ',
    basis: 'Chung Tay decision 0010',
    personal: [],
  }),
  CaseManagerAssigned: onCase({
    schema: caseEvents.CaseManagerAssigned,
    title: 'Phân công người phụ trách vụ việc',
    basis:
      'Chung Tay decision 0057 (D56 Art. 26 names the commune officer; who among them is the commune’s to say)',
    personal: [],
  }),
  CaseTransferRequested: onCase({
    schema: caseEvents.CaseTransferRequested,
    title: 'Đề nghị chuyển vụ việc sang xã, phường khác',
    basis:
      'Chung Tay decision 0058 (D56 Art. 25(2), 32: the commune where it happened or where the child lives)',
    personal: [child('notes')],
  }),
  CaseTransferAccepted: onCase({
    schema: caseEvents.CaseTransferAccepted,
    title: 'Tiếp nhận vụ việc chuyển đến',
    basis: 'Chung Tay decision 0058',
    personal: [],
  }),
  CaseTransferRefused: onCase({
    schema: caseEvents.CaseTransferRefused,
    title: 'Từ chối tiếp nhận vụ việc chuyển đến',
    basis: 'Chung Tay decision 0058',
    personal: [child('reason')],
  }),
  CaseTransferWithdrawn: onCase({
    schema: caseEvents.CaseTransferWithdrawn,
    title: 'Rút đề nghị chuyển vụ việc',
    basis: 'Chung Tay decision 0058',
    personal: [],
  }),
  PersonDataErased: onCase({
    schema: caseEvents.PersonDataErased,
    title: 'Xóa dữ liệu cá nhân của người liên quan',
    basis: 'Law on Personal Data Protection 91/2025 (right to erasure); decision 0047',
    personal: [],
  }),
  DeadlineMissed: onCase({
    schema: caseEvents.DeadlineMissed,
    title: 'Quá hạn xử lý',
    basis: 'Deadlines of D56 Ch. III',
    personal: [],
  }),
  InvestigationOpened: onCase({
    schema: caseEvents.InvestigationOpened,
    title: 'Công an thụ lý, điều tra',
    basis: 'D56 Art. 25(3); criminal procedure',
    personal: [],
  }),
  StatementRecorded: onCase({
    schema: caseEvents.StatementRecorded,
    title: 'Lấy lời khai',
    basis: 'Criminal procedure',
    personal: [child('summary')],
  }),
  EvidenceCollected: onCase({
    schema: caseEvents.EvidenceCollected,
    title: 'Thu thập chứng cứ',
    basis: 'Criminal procedure',
    personal: [child('description')],
  }),
  SuspectIdentified: onCase({
    schema: caseEvents.SuspectIdentified,
    title: 'Xác định đối tượng nghi vấn',
    basis: 'Criminal procedure',
    personal: [{ path: 'details', subject: 'suspectId' }],
  }),
  ProtectiveMeasureRequested: onCase({
    schema: caseEvents.ProtectiveMeasureRequested,
    title: 'Đề nghị biện pháp bảo vệ',
    basis: 'Law Art. 50; criminal procedure',
    personal: [child('details')],
  }),
  ReferredForProsecution: onCase({
    schema: caseEvents.ReferredForProsecution,
    title: 'Chuyển Viện kiểm sát đề nghị truy tố',
    basis: 'Criminal procedure',
    personal: [],
  }),
  InvestigationClosed: onCase({
    schema: caseEvents.InvestigationClosed,
    title: 'Kết thúc điều tra',
    basis: 'Criminal procedure',
    personal: [],
  }),
  ReferralIssued: onCase({
    schema: caseEvents.ReferralIssued,
    title: 'Chuyển gửi (chuyển tuyến) trẻ em đến cơ quan, tổ chức',
    basis: 'Law on Children Art. 50(2); D56 Art. 24 (interagency coordination); sharing per D56 Art. 33',
    personal: [{ path: 'reason', subject: 'childId' }],
  }),
  ReferralClaimed: onCase({
    schema: caseEvents.ReferralClaimed,
    title: 'Nhận xử lý yêu cầu chuyển gửi',
    basis: 'Coordination rule of the platform: one officer holds a referral',
    personal: [],
  }),
  ReferralAccepted: onCase({
    schema: caseEvents.ReferralAccepted,
    title: 'Chấp nhận yêu cầu chuyển gửi',
    basis: 'Coordination rule of the platform',
    personal: [],
  }),
  ReferralDeclined: onCase({
    schema: caseEvents.ReferralDeclined,
    title: 'Từ chối yêu cầu chuyển gửi (nêu lý do)',
    basis: 'Coordination rule of the platform: back to the sender',
    personal: [],
  }),
  ReferralStarted: onCase({
    schema: caseEvents.ReferralStarted,
    title: 'Bắt đầu cung cấp dịch vụ',
    basis: 'Coordination rule of the platform',
    personal: [],
  }),
  ReferralCompleted: onCase({
    schema: caseEvents.ReferralCompleted,
    title: 'Hoàn thành yêu cầu chuyển gửi (kết quả)',
    basis: 'D56 Art. 24; the outcome returns to the commune officer',
    personal: [{ path: 'summary', subject: 'childId' }],
  }),
  ReferralWithdrawn: onCase({
    schema: caseEvents.ReferralWithdrawn,
    title: 'Rút yêu cầu chuyển gửi',
    basis: 'Coordination rule of the platform',
    personal: [],
  }),
  ReferralEscalated: onCase({
    schema: caseEvents.ReferralEscalated,
    title: 'Báo cáo Sở Y tế: yêu cầu chuyển gửi quá hạn chưa được xử lý',
    basis: 'Issue 7: an unanswered referral past its due date escalates once to the provincial coordinator',
    personal: [],
  }),
  LegalAidOfficerAssigned: onCase({
    schema: caseEvents.LegalAidOfficerAssigned,
    title: 'Phân công trợ giúp viên pháp lý',
    basis: 'Law on Children Art. 50(2)(e) (legal aid); Law on Legal Aid 2017, article not verified',
    personal: [],
  }),
  LegalAdviceGiven: onCase({
    schema: caseEvents.LegalAdviceGiven,
    title: 'Tư vấn pháp luật',
    basis: 'Law on Children Art. 50(2)(e); Law on Legal Aid 2017 (legal advice), article not verified',
    personal: [{ path: 'summary', subject: 'childId' }],
  }),
  LegalRepresentationProvided: onCase({
    schema: caseEvents.LegalRepresentationProvided,
    title: 'Tham gia tố tụng / đại diện ngoài tố tụng',
    basis: 'Law on Legal Aid 2017 (participation in proceedings, representation), article not verified',
    personal: [],
  }),
  LegalAidClosed: onCase({
    schema: caseEvents.LegalAidClosed,
    title: 'Kết thúc vụ việc trợ giúp pháp lý',
    basis: 'Law on Legal Aid 2017 (closing a case), article not verified',
    personal: [{ path: 'summary', subject: 'childId' }],
  }),
  MedicalExaminationRecorded: onCase({
    schema: caseEvents.MedicalExaminationRecorded,
    title: 'Khám, chữa bệnh cho trẻ em',
    basis: 'Law on Children Art. 50(2)(a) (medical care)',
    personal: [{ path: 'findings', subject: 'childId' }],
  }),
  ForensicExaminationRecorded: onCase({
    schema: caseEvents.ForensicExaminationRecorded,
    title: 'Giám định pháp y',
    basis:
      'Forensic examination requested in criminal proceedings; statute not cited here (domain.md is silent)',
    personal: [{ path: 'findings', subject: 'childId' }],
  }),
  PsychologicalSupportSessionRecorded: onCase({
    schema: caseEvents.PsychologicalSupportSessionRecorded,
    title: 'Hỗ trợ, trị liệu tâm lý',
    basis: 'Law on Children Art. 50(2)(a)',
    personal: [{ path: 'notes', subject: 'childId' }],
  }),
  RehabilitationRecorded: onCase({
    schema: caseEvents.RehabilitationRecorded,
    title: 'Phục hồi sức khỏe',
    basis: 'Law on Children Art. 50(2)(a)',
    personal: [{ path: 'plan', subject: 'childId' }],
  }),
  MedicalDischarged: onCase({
    schema: caseEvents.MedicalDischarged,
    title: 'Ra viện',
    basis: 'Law on Children Art. 50(2)(a); the facility’s discharge',
    personal: [{ path: 'summary', subject: 'childId' }],
  }),
  SchoolIncidentReported: onCase({
    schema: caseEvents.SchoolIncidentReported,
    title: 'Báo cáo sự việc bạo lực, bắt nạt học đường',
    basis:
      'Decree 80/2017 on safe, healthy, friendly schools and school violence (not in domain.md: unverified)',
    personal: [{ path: 'description', subject: 'childId' }],
  }),
  SchoolSafetyPlanAgreed: onCase({
    schema: caseEvents.SchoolSafetyPlanAgreed,
    title: 'Kế hoạch bảo đảm an toàn cho trẻ tại trường',
    basis: 'Decree 80/2017 (unverified); the plan’s protection measures at school',
    personal: [{ path: 'details', subject: 'childId' }],
  }),
  ReintegrationSupportRecorded: onCase({
    schema: caseEvents.ReintegrationSupportRecorded,
    title: 'Hỗ trợ trẻ hòa nhập trường học',
    basis: 'Law on Children Art. 50(2)(d) (return to school) [U in domain.md]',
    personal: [{ path: 'notes', subject: 'childId' }],
  }),
} as const;

export const childEventDefinitions = {
  ChildRegistered: onChild({
    schema: childEvents.ChildRegistered,
    title: 'Lập hồ sơ trẻ em',
    basis: 'Child information system (Decision 3978/QĐ-BYT)',
    personal: ['fullName', 'birthDate', 'ethnicity', 'personalIdNumber'].map(child),
  }),
  ChildDetailsCorrected: onChild({
    schema: childEvents.ChildDetailsCorrected,
    title: 'Điều chỉnh thông tin trẻ em',
    basis: 'Child information system',
    personal: ['fullName', 'birthDate', 'ethnicity', 'personalIdNumber'].map(child),
  }),
  BirthRegistrationRecorded: onChild({
    schema: childEvents.BirthRegistrationRecorded,
    title: 'Cập nhật tình trạng đăng ký khai sinh',
    basis: 'Plan target: birth registration of children under 5',
    personal: [],
  }),
  SpecialCircumstanceRecorded: onChild({
    schema: childEvents.SpecialCircumstanceRecorded,
    title: 'Ghi nhận trẻ em có hoàn cảnh đặc biệt',
    basis: 'Law Art. 10',
    personal: [],
  }),
  SpecialCircumstanceEnded: onChild({
    schema: childEvents.SpecialCircumstanceEnded,
    title: 'Trẻ em ra khỏi nhóm hoàn cảnh đặc biệt',
    basis: 'Law Art. 10',
    personal: [],
  }),
  ChildSupportRecorded: onChild({
    schema: childEvents.ChildSupportRecorded,
    title: 'Ghi nhận trợ giúp, chăm sóc',
    basis: 'Plan target: over 98% of children in special circumstances cared for',
    personal: [],
  }),
  ChildLinkedToCase: onChild({
    schema: childEvents.ChildLinkedToCase,
    title: 'Liên kết hồ sơ vụ việc',
    basis: 'Case management',
    personal: [],
  }),
  PossibleDuplicateFlagged: onChild({
    schema: childEvents.PossibleDuplicateFlagged,
    title: 'Nghi trùng hồ sơ trẻ em',
    basis: 'Data cleaning (plan task 5)',
    personal: [],
  }),
  DuplicateConfirmed: onChild({
    schema: childEvents.DuplicateConfirmed,
    title: 'Xác nhận trùng hồ sơ',
    basis: 'Data cleaning (plan task 5)',
    personal: [],
  }),
  DuplicateDismissed: onChild({
    schema: childEvents.DuplicateDismissed,
    title: 'Xác nhận không trùng hồ sơ',
    basis: 'Data cleaning (plan task 5)',
    personal: [],
  }),
  ChildDataErased: onChild({
    schema: childEvents.ChildDataErased,
    title: 'Xóa dữ liệu cá nhân của trẻ em',
    basis: 'Law on Personal Data Protection 91/2025 (right to erasure); decision 0043',
    personal: [],
  }),
} as const;

/** The access logs: every read of a case (through the gateway or the case API), every read of a child record. */
export const accessEventDefinitions = {
  CaseViewed: {
    stream: 'access',
    version: 1,
    schema: accessEvents.CaseViewed,
    title: 'Truy cập hồ sơ vụ việc',
    basis: 'D56 Art. 33 (private information); access logging is a design inference, domain.md §3',
    personal: [],
  },
  ChildRecordViewed: {
    stream: 'access',
    version: 1,
    schema: accessEvents.ChildRecordViewed,
    title: 'Truy cập hồ sơ trẻ em',
    basis: 'D56 Art. 33 (private information); access logging is a design inference, domain.md §3',
    personal: [],
  },
} as const satisfies Record<string, EventDefinition>;

/** The case numbers each commune gives in a year (decision 0051). */
export const numberingEventDefinitions = {
  CaseNumberReserved: {
    stream: 'numbering',
    version: 1,
    schema: numberingEvents.CaseNumberReserved,
    title: 'Cấp số hồ sơ vụ việc',
    basis: 'A number officials cite the case by; the law sets no numbering (decision 0051)',
    personal: [],
  },
} as const satisfies Record<string, EventDefinition>;

export const eventDefinitions = {
  ...caseEventDefinitions,
  ...childEventDefinitions,
  ...accessEventDefinitions,
  ...numberingEventDefinitions,
} as const;

type Definitions = typeof eventDefinitions;
export type EventType = keyof Definitions;
export type CaseEventType = keyof typeof caseEventDefinitions;
export type ChildEventType = keyof typeof childEventDefinitions;
export type AccessEventType = keyof typeof accessEventDefinitions;
export type NumberingEventType = keyof typeof numberingEventDefinitions;
export type EventData<Type extends EventType> = z.infer<Definitions[Type]['schema']>;

/** A typed event as deciders produce and evolve functions read it. */
export type TypedEvent<Type extends EventType = EventType> = {
  [K in Type]: { readonly type: K; readonly data: EventData<K> };
}[Type];
export type CaseEvent = TypedEvent<CaseEventType>;
export type ChildEvent = TypedEvent<ChildEventType>;
export type AccessEvent = TypedEvent<AccessEventType>;
export type NumberingEvent = TypedEvent<NumberingEventType>;

export const isEventType = (type: string): type is EventType => Object.hasOwn(eventDefinitions, type);
export const isCaseEvent = (event: TypedEvent): event is CaseEvent =>
  Object.hasOwn(caseEventDefinitions, event.type);

/** What the event store needs to seal personal fields, from the definitions above. */
export const personalDataMap: PersonalDataMap = (type, schemaVersion) => {
  if (!isEventType(type)) return [];
  const definition = eventDefinitions[type];
  return schemaVersion === definition.version ? definition.personal : [];
};
