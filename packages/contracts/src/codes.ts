import { Agency } from '@chungtay/event-store/metadata';
import { z } from 'zod';

/**
 * Code lists of the Law on Children 2016 and Decree 56/2017 (docs in ../../shared/docs/domain.md §2), with
 * the Vietnamese label officials read. Identifiers are English; labels are what reports and the UI show.
 */
/**
 * The Vietnamese labels of every code list's schema (a form finds a field's choices' labels from its schema),
 * and the list's name for one code (what a typed API calls the enumeration).
 */
export const codeLabels = z.registry<{
  readonly labels: Readonly<Record<string, string>>;
  readonly name: string;
}>();

const codeList = <const Codes extends readonly [string, ...string[]]>(
  name: string,
  labels: Record<Codes[number], string>,
  codes: Codes,
) => ({
  schema: z.enum(codes).register(codeLabels, { labels, name }),
  codes,
  labels,
});

export const ReportChannels = codeList(
  'ReportChannel',
  {
    HOTLINE_111: 'Tổng đài 111',
    COMMUNE_HOTLINE: 'Đường dây nóng cấp xã',
    POLICE: 'Công an',
    SCHOOL: 'Nhà trường',
    HEALTH_FACILITY: 'Cơ sở y tế',
    WALK_IN: 'Trực tiếp',
    ONLINE: 'Trực tuyến (ứng dụng, Zalo, website)',
  },
  ['HOTLINE_111', 'COMMUNE_HOTLINE', 'POLICE', 'SCHOOL', 'HEALTH_FACILITY', 'WALK_IN', 'ONLINE'],
);

/** Form 01's category. */
export const ReportCategories = codeList(
  'ReportCategory',
  {
    ABUSED: 'Trẻ em bị xâm hại',
    AT_RISK: 'Trẻ em có nguy cơ bị bạo lực, bóc lột, bỏ rơi',
    SPECIAL_CIRCUMSTANCES: 'Trẻ em có hoàn cảnh đặc biệt',
  },
  ['ABUSED', 'AT_RISK', 'SPECIAL_CIRCUMSTANCES'],
);

/** Law Art. 4 forms of harm. */
export const FormsOfHarm = codeList(
  'FormOfHarm',
  {
    VIOLENCE: 'Bạo lực',
    EXPLOITATION: 'Bóc lột',
    SEXUAL_ABUSE: 'Xâm hại tình dục',
    TRAFFICKING: 'Mua bán',
    ABANDONMENT: 'Bỏ rơi',
    NEGLECT: 'Bỏ mặc',
    OTHER: 'Hình thức khác',
  },
  ['VIOLENCE', 'EXPLOITATION', 'SEXUAL_ABUSE', 'TRAFFICKING', 'ABANDONMENT', 'NEGLECT', 'OTHER'],
);

/** The five cases of sexual abuse in D56 (article number unverified, domain.md §2.3). */
export const SexualAbuseKinds = codeList(
  'SexualAbuseKind',
  {
    RAPE: 'Hiếp dâm',
    COERCED_SEX: 'Cưỡng dâm',
    INTERCOURSE_WITH_CHILD: 'Giao cấu với trẻ em',
    MOLESTATION: 'Dâm ô',
    PROSTITUTION_OR_PORNOGRAPHY: 'Sử dụng trẻ em vào mục đích mại dâm, khiêu dâm',
  },
  ['RAPE', 'COERCED_SEX', 'INTERCOURSE_WITH_CHILD', 'MOLESTATION', 'PROSTITUTION_OR_PORNOGRAPHY'],
);

/** Law Art. 10: the 14 groups of children in special circumstances (letters as in the law). */
export const SpecialCircumstanceGroups = codeList(
  'SpecialCircumstanceGroup',
  {
    ORPHANED_BOTH_PARENTS: 'a. Mồ côi cả cha và mẹ',
    ABANDONED: 'b. Bị bỏ rơi',
    NO_ONE_TO_RELY_ON: 'c. Không nơi nương tựa',
    DISABILITY: 'd. Khuyết tật',
    HIV_AIDS: 'đ. Nhiễm HIV/AIDS',
    IN_CONFLICT_WITH_LAW: 'e. Vi phạm pháp luật',
    DRUG_ADDICTED: 'g. Nghiện ma túy',
    LEFT_SCHOOL_TO_WORK: 'h. Phải bỏ học kiếm sống chưa hoàn thành phổ cập THCS',
    HARMED_BY_VIOLENCE: 'i. Bị tổn hại nghiêm trọng về thể chất và tinh thần do bị bạo lực',
    EXPLOITED: 'k. Bị bóc lột',
    SEXUALLY_ABUSED: 'l. Bị xâm hại tình dục',
    TRAFFICKED: 'm. Bị mua bán',
    SERIOUS_ILLNESS_POOR_HOUSEHOLD:
      'n. Mắc bệnh hiểm nghèo hoặc phải điều trị dài ngày thuộc hộ nghèo, cận nghèo',
    MIGRANT_NO_CAREGIVER: 'o. Di cư, lánh nạn, tị nạn chưa xác định được cha mẹ hoặc không có người chăm sóc',
  },
  [
    'ORPHANED_BOTH_PARENTS',
    'ABANDONED',
    'NO_ONE_TO_RELY_ON',
    'DISABILITY',
    'HIV_AIDS',
    'IN_CONFLICT_WITH_LAW',
    'DRUG_ADDICTED',
    'LEFT_SCHOOL_TO_WORK',
    'HARMED_BY_VIOLENCE',
    'EXPLOITED',
    'SEXUALLY_ABUSED',
    'TRAFFICKED',
    'SERIOUS_ILLNESS_POOR_HOUSEHOLD',
    'MIGRANT_NO_CAREGIVER',
  ],
);

/** Form 02 / Form 06 rating (Cao / Trung bình / Thấp). */
export const RiskLevels = codeList('RiskLevel', { HIGH: 'Cao', MEDIUM: 'Trung bình', LOW: 'Thấp' }, [
  'HIGH',
  'MEDIUM',
  'LOW',
]);

export const Sexes = codeList('Sex', { MALE: 'Nam', FEMALE: 'Nữ', UNKNOWN: 'Chưa xác định' }, [
  'MALE',
  'FEMALE',
  'UNKNOWN',
]);

/** Law Art. 50(2) intervention measures. */
export const InterventionMeasures = codeList(
  'InterventionMeasure',
  {
    MEDICAL_CARE: 'Chăm sóc y tế, trị liệu tâm lý, phục hồi sức khỏe',
    SAFE_SHELTER: 'Bố trí nơi tạm trú an toàn, cách ly khỏi môi trường nguy hiểm',
    ALTERNATIVE_CARE: 'Bố trí chăm sóc thay thế tạm thời hoặc lâu dài',
    FAMILY_REUNIFICATION: 'Đoàn tụ gia đình, hòa nhập trường học, cộng đồng',
    CAREGIVER_COUNSELLING: 'Tư vấn cho cha mẹ, người chăm sóc',
    LEGAL_AID: 'Tư vấn pháp luật, trợ giúp pháp lý',
    OTHER: 'Biện pháp khác',
  },
  [
    'MEDICAL_CARE',
    'SAFE_SHELTER',
    'ALTERNATIVE_CARE',
    'FAMILY_REUNIFICATION',
    'CAREGIVER_COUNSELLING',
    'LEGAL_AID',
    'OTHER',
  ],
);

export const BirthRegistrationStatuses = codeList(
  'BirthRegistrationStatus',
  { REGISTERED: 'Đã đăng ký khai sinh', NOT_REGISTERED: 'Chưa đăng ký khai sinh', UNKNOWN: 'Chưa rõ' },
  ['REGISTERED', 'NOT_REGISTERED', 'UNKNOWN'],
);

/**
 * The grounds on which a person's data is erased (decision 0043): the data subject's own request, their
 * parent's or guardian's for a child, or a decision of a competent authority.
 */
export const ErasureGrounds = codeList(
  'ErasureGround',
  {
    DATA_SUBJECT_REQUEST: 'Yêu cầu của chủ thể dữ liệu',
    GUARDIAN_REQUEST: 'Yêu cầu của cha, mẹ hoặc người giám hộ',
    COMPETENT_AUTHORITY_DECISION: 'Quyết định của cơ quan có thẩm quyền',
  },
  ['DATA_SUBJECT_REQUEST', 'GUARDIAN_REQUEST', 'COMPETENT_AUTHORITY_DECISION'],
);

/** Where a case stands in the Decree 56 process (Arts. 25–37), as the case service folds it. */
export const CaseStatuses = codeList(
  'CaseStatus',
  {
    NONE: 'Chưa có',
    REPORTED: 'Đã tiếp nhận thông báo',
    AT_COMMUNE: 'Đã chuyển UBND cấp xã',
    INITIAL_ASSESSED: 'Đã đánh giá nguy cơ ban đầu',
    DETAILED_ASSESSED: 'Đã đánh giá chi tiết',
    PLAN_DRAFTED: 'Đã lập kế hoạch hỗ trợ, can thiệp',
    IN_IMPLEMENTATION: 'Đang thực hiện kế hoạch',
    REVIEWED: 'Đã đánh giá kết quả',
    CLOSED: 'Đã đóng hồ sơ',
  },
  [
    'NONE',
    'REPORTED',
    'AT_COMMUNE',
    'INITIAL_ASSESSED',
    'DETAILED_ASSESSED',
    'PLAN_DRAFTED',
    'IN_IMPLEMENTATION',
    'REVIEWED',
    'CLOSED',
  ],
);
export type CaseStatus = z.infer<typeof CaseStatuses.schema>;

/** The legal deadlines of the process, as officials name them (their lengths are the deadline policy's: decision 0009). */
export const DeadlineKinds = codeList(
  'DeadlineKind',
  {
    FORWARD_TO_COMMUNE: 'Chuyển thông tin cho UBND cấp xã',
    INITIAL_ASSESSMENT: 'Đánh giá nguy cơ ban đầu (Mẫu số 02)',
    EMERGENCY_MEASURES: 'Biện pháp can thiệp khẩn cấp',
    SEPARATION_LIMIT: 'Hết thời hạn tạm thời cách ly',
    SUPPORT_PLAN_DRAFT: 'Lập kế hoạch hỗ trợ, can thiệp (Mẫu số 04)',
    SUPPORT_PLAN_APPROVAL: 'Phê duyệt kế hoạch hỗ trợ, can thiệp (Mẫu số 05)',
    MONITORING_VISIT: 'Theo dõi, đánh giá thực hiện kế hoạch',
  },
  [
    'FORWARD_TO_COMMUNE',
    'INITIAL_ASSESSMENT',
    'EMERGENCY_MEASURES',
    'SEPARATION_LIMIT',
    'SUPPORT_PLAN_DRAFT',
    'SUPPORT_PLAN_APPROVAL',
    'MONITORING_VISIT',
  ],
);

// The agencies' own code lists (legal aid, health, schools) and the platform's, labelled like the law's.

export const ReferralSources = codeList(
  'ReferralSource',
  {
    OFFICER: 'Cán bộ chuyển gửi',
    SEXUAL_ABUSE_REPORT: 'Tự động khi tiếp nhận vụ xâm hại tình dục',
    PLAN_TASK: 'Nhiệm vụ trong kế hoạch hỗ trợ',
  },
  ['OFFICER', 'SEXUAL_ABUSE_REPORT', 'PLAN_TASK'],
);

export const ReferralOutcomes = codeList(
  'ReferralOutcome',
  {
    SERVICE_PROVIDED: 'Đã cung cấp dịch vụ',
    PARTIALLY_PROVIDED: 'Đã cung cấp một phần',
    NOT_NEEDED: 'Không còn cần thiết',
    CHILD_UNREACHABLE: 'Không liên lạc được với trẻ em',
  },
  ['SERVICE_PROVIDED', 'PARTIALLY_PROVIDED', 'NOT_NEEDED', 'CHILD_UNREACHABLE'],
);

export const LegalAdviceTopics = codeList(
  'LegalAdviceTopic',
  {
    CUSTODY: 'Nuôi con, giám hộ',
    CHILD_PROTECTION_RIGHTS: 'Quyền được bảo vệ của trẻ em',
    CRIMINAL_PROCEEDINGS: 'Tố tụng hình sự',
    CIVIL_STATUS: 'Hộ tịch',
    COMPENSATION: 'Bồi thường thiệt hại',
    OTHER: 'Khác',
  },
  ['CUSTODY', 'CHILD_PROTECTION_RIGHTS', 'CRIMINAL_PROCEEDINGS', 'CIVIL_STATUS', 'COMPENSATION', 'OTHER'],
);

export const LegalRepresentationKinds = codeList(
  'LegalRepresentationKind',
  {
    REPRESENTATION: 'Tham gia tố tụng, đại diện bảo vệ quyền lợi',
    ACCOMPANIMENT: 'Đồng hành cùng trẻ em khi làm việc với cơ quan tố tụng',
  },
  ['REPRESENTATION', 'ACCOMPANIMENT'],
);

export const Proceedings = codeList(
  'Proceeding',
  {
    INVESTIGATION: 'Điều tra',
    PROSECUTION: 'Truy tố',
    TRIAL: 'Xét xử',
    CIVIL: 'Vụ việc dân sự',
    ADMINISTRATIVE: 'Vụ việc hành chính',
  },
  ['INVESTIGATION', 'PROSECUTION', 'TRIAL', 'CIVIL', 'ADMINISTRATIVE'],
);

export const LegalAidOutcomes = codeList(
  'LegalAidOutcome',
  {
    RIGHTS_PROTECTED: 'Quyền, lợi ích hợp pháp được bảo vệ',
    ADVICE_ONLY: 'Chỉ tư vấn pháp luật',
    WITHDRAWN_BY_FAMILY: 'Gia đình rút yêu cầu',
    TRANSFERRED: 'Chuyển cơ quan khác',
    OTHER: 'Khác',
  },
  ['RIGHTS_PROTECTED', 'ADVICE_ONLY', 'WITHDRAWN_BY_FAMILY', 'TRANSFERRED', 'OTHER'],
);

export const CareNeeds = codeList(
  'CareNeed',
  {
    NONE: 'Không cần điều trị',
    OUTPATIENT: 'Điều trị ngoại trú',
    INPATIENT: 'Điều trị nội trú',
    EMERGENCY: 'Cấp cứu',
  },
  ['NONE', 'OUTPATIENT', 'INPATIENT', 'EMERGENCY'],
);

export const RehabilitationKinds = codeList(
  'RehabilitationKind',
  {
    PHYSICAL: 'Phục hồi thể chất',
    PSYCHOLOGICAL: 'Trị liệu tâm lý',
    NUTRITIONAL: 'Phục hồi dinh dưỡng',
    OTHER: 'Khác',
  },
  ['PHYSICAL', 'PSYCHOLOGICAL', 'NUTRITIONAL', 'OTHER'],
);

export const SchoolIncidentKinds = codeList(
  'SchoolIncidentKind',
  {
    SCHOOL_VIOLENCE: 'Bạo lực học đường',
    BULLYING: 'Bắt nạt',
    CYBERBULLYING: 'Bắt nạt trên mạng',
    OTHER: 'Khác',
  },
  ['SCHOOL_VIOLENCE', 'BULLYING', 'CYBERBULLYING', 'OTHER'],
);

export const SchoolSafetyMeasures = codeList(
  'SchoolSafetyMeasure',
  {
    SUPERVISION: 'Tăng cường giám sát',
    SEAT_OR_CLASS_CHANGE: 'Đổi chỗ ngồi hoặc lớp học',
    COUNSELLING: 'Tư vấn tâm lý học đường',
    PEER_SUPPORT: 'Hỗ trợ từ bạn học',
    PARENT_MEETINGS: 'Làm việc với cha mẹ',
    OTHER: 'Khác',
  },
  ['SUPERVISION', 'SEAT_OR_CLASS_CHANGE', 'COUNSELLING', 'PEER_SUPPORT', 'PARENT_MEETINGS', 'OTHER'],
);

export const ReintegrationSupports = codeList(
  'ReintegrationSupport',
  {
    RETURN_TO_CLASS: 'Trở lại lớp học',
    TUTORING: 'Phụ đạo',
    FEE_EXEMPTION: 'Miễn, giảm học phí',
    TRANSFER: 'Chuyển trường',
    OTHER: 'Khác',
  },
  ['RETURN_TO_CLASS', 'TUTORING', 'FEE_EXEMPTION', 'TRANSFER', 'OTHER'],
);

export const ErasedSubjectKinds = codeList(
  'ErasedSubjectKind',
  {
    RELATIVE: 'Người thân của trẻ em',
    REPORTER: 'Người thông báo',
    SUSPECT: 'Người bị nghi vấn',
  },
  ['RELATIVE', 'REPORTER', 'SUSPECT'],
);

/** Care or support given to a child in special circumstances (the plan's target: over 98% cared for). */
export const ChildSupportKinds = codeList(
  'ChildSupportKind',
  {
    FINANCIAL: 'Trợ cấp, hỗ trợ tài chính',
    HEALTH: 'Chăm sóc sức khỏe',
    EDUCATION: 'Hỗ trợ giáo dục',
    PSYCHOSOCIAL: 'Hỗ trợ tâm lý, xã hội',
    ALTERNATIVE_CARE: 'Chăm sóc thay thế',
    DISASTER_RELIEF: 'Hỗ trợ khi thiên tai',
    OTHER: 'Hỗ trợ khác',
  },
  ['FINANCIAL', 'HEALTH', 'EDUCATION', 'PSYCHOSOCIAL', 'ALTERNATIVE_CARE', 'DISASTER_RELIEF', 'OTHER'],
);

/** Why intake flagged two child records as maybe one child (decision 0012). */
export const DuplicateReasons = codeList(
  'DuplicateReason',
  {
    SAME_ID_NUMBER: 'Trùng số định danh cá nhân',
    SIMILAR_NAME_BIRTH_DATE_COMMUNE: 'Họ tên gần giống, cùng ngày sinh, cùng xã',
  },
  ['SAME_ID_NUMBER', 'SIMILAR_NAME_BIRTH_DATE_COMMUNE'],
);

/** The agencies that write to a case, as their staff name them. */
export const AgencyLabels = {
  hotline: 'Tổng đài 111',
  commune: 'UBND cấp xã',
  police: 'Công an',
  legal_aid: 'Trợ giúp pháp lý',
  health: 'Y tế',
  education: 'Giáo dục',
  provincial: 'Sở Y tế',
  inspectorate: 'Thanh tra',
  system: 'Hệ thống',
} as const satisfies Record<Agency, string>;
codeLabels.add(Agency, { labels: AgencyLabels, name: 'Agency' });

/** The agencies a case is referred to (not the platform itself, not the hotline that received it). */
export const ReferredAgency = Agency.exclude(['system', 'hotline']).register(codeLabels, {
  labels: AgencyLabels,
  name: 'ReferredAgency',
});

/** Form 01: who a relative is to the child. */
export const Relations = codeList(
  'Relation',
  {
    FATHER: 'Cha',
    MOTHER: 'Mẹ',
    CAREGIVER: 'Người chăm sóc trẻ',
    SIBLING: 'Anh, chị, em',
    GRANDPARENT: 'Ông, bà',
    OTHER: 'Người thân khác',
  },
  ['FATHER', 'MOTHER', 'CAREGIVER', 'SIBLING', 'GRANDPARENT', 'OTHER'],
);

/** Form 02: the emergency measure the initial assessment calls for (D56 Art. 26(3)). */
export const EmergencyMeasures = codeList(
  'EmergencyMeasure',
  {
    NONE: 'Không cần biện pháp khẩn cấp',
    EMERGENCY_INTERVENTION: 'Can thiệp khẩn cấp',
    TEMPORARY_SEPARATION: 'Tạm thời cách ly trẻ em khỏi môi trường, người gây tổn hại',
  },
  ['NONE', 'EMERGENCY_INTERVENTION', 'TEMPORARY_SEPARATION'],
);

/** What was done to stop the harm at once. */
export const EmergencyActions = codeList(
  'EmergencyAction',
  {
    POLICE_STOPPED_HARM: 'Công an ngăn chặn hành vi xâm hại',
    FIRST_AID_ARRANGED: 'Sơ cứu, cấp cứu cho trẻ',
    EVIDENCE_PRESERVED: 'Bảo vệ dấu vết, chứng cứ',
    MOVED_TO_SAFETY: 'Đưa trẻ đến nơi an toàn',
    OTHER: 'Biện pháp khác',
  },
  ['POLICE_STOPPED_HARM', 'FIRST_AID_ARRANGED', 'EVIDENCE_PRESERVED', 'MOVED_TO_SAFETY', 'OTHER'],
);

/** Where a temporarily separated child is placed (D56 Art. 32). */
export const Placements = codeList(
  'Placement',
  {
    SAFE_SHELTER: 'Nơi tạm trú an toàn',
    ALTERNATIVE_CARE: 'Gia đình nhận chăm sóc thay thế',
    SOCIAL_ASSISTANCE_FACILITY: 'Cơ sở trợ giúp xã hội',
    RELATIVE: 'Người thân thích của trẻ',
  },
  ['SAFE_SHELTER', 'ALTERNATIVE_CARE', 'SOCIAL_ASSISTANCE_FACILITY', 'RELATIVE'],
);

export const SeparationEndReasons = codeList(
  'SeparationEndReason',
  {
    CAREGIVER_SAFE: 'Môi trường sống của trẻ đã an toàn',
    ALTERNATIVE_CARE_ARRANGED: 'Đã bố trí chăm sóc thay thế',
    COURT_DECISION: 'Theo quyết định của Tòa án',
    OTHER: 'Lý do khác',
  },
  ['CAREGIVER_SAFE', 'ALTERNATIVE_CARE_ARRANGED', 'COURT_DECISION', 'OTHER'],
);

/** A monitoring visit's finding. */
export const ChildSituations = codeList(
  'ChildSituation',
  { STABLE: 'Ổn định', IMPROVING: 'Tiến triển tốt', DETERIORATING: 'Có chiều hướng xấu đi' },
  ['STABLE', 'IMPROVING', 'DETERIORATING'],
);

/** Form 06: what the review proposes to the chair. */
export const ReviewProposals = codeList(
  'ReviewProposal',
  { CLOSE: 'Đề nghị kết thúc kế hoạch, đóng hồ sơ', REPLAN: 'Đề nghị điều chỉnh kế hoạch' },
  ['CLOSE', 'REPLAN'],
);

export const ClosureReasons = codeList(
  'ClosureReason',
  {
    RISK_RESOLVED: 'Nguy cơ đã được loại bỏ',
    CHILD_STABLE: 'Trẻ em đã ổn định',
    TRANSFERRED: 'Chuyển nơi khác tiếp tục quản lý',
    CHILD_REACHED_ADULTHOOD: 'Trẻ em đã đủ 16 tuổi',
    OTHER: 'Lý do khác',
  },
  ['RISK_RESOLVED', 'CHILD_STABLE', 'TRANSFERRED', 'CHILD_REACHED_ADULTHOOD', 'OTHER'],
);

/**
 * Why a case moves to another commune (decision 0058): the child now lives there, or what happened is that
 * commune's to handle (D56 Art. 25(2), 32: the commune where it happened or where the child lives).
 */
export const TransferReasons = codeList(
  'TransferReason',
  {
    CHILD_MOVED: 'Trẻ em chuyển nơi cư trú',
    INCIDENT_ELSEWHERE: 'Vụ việc xảy ra trên địa bàn xã, phường khác',
    OTHER: 'Lý do khác',
  },
  ['CHILD_MOVED', 'INCIDENT_ELSEWHERE', 'OTHER'],
);

/** Police: who gave a statement. */
export const StatementSources = codeList(
  'StatementSource',
  {
    CHILD: 'Trẻ em',
    REPORTER: 'Người thông báo',
    WITNESS: 'Người làm chứng',
    SUSPECT: 'Người bị nghi vấn',
    RELATIVE: 'Người thân của trẻ',
  },
  ['CHILD', 'REPORTER', 'WITNESS', 'SUSPECT', 'RELATIVE'],
);

/** Police: what kind of evidence was collected. */
export const EvidenceKinds = codeList(
  'EvidenceKind',
  {
    PHYSICAL: 'Vật chứng',
    DOCUMENT: 'Tài liệu',
    DIGITAL: 'Dữ liệu điện tử',
    FORENSIC_REPORT: 'Kết luận giám định',
    OTHER: 'Loại khác',
  },
  ['PHYSICAL', 'DOCUMENT', 'DIGITAL', 'FORENSIC_REPORT', 'OTHER'],
);

/** Police: who the suspect is to the child. */
export const SuspectRelations = codeList(
  'SuspectRelation',
  {
    PARENT: 'Cha, mẹ',
    STEP_PARENT: 'Cha dượng, mẹ kế',
    RELATIVE: 'Người thân',
    ACQUAINTANCE: 'Người quen',
    TEACHER: 'Giáo viên',
    STRANGER: 'Người lạ',
    OTHER: 'Quan hệ khác',
  },
  ['PARENT', 'STEP_PARENT', 'RELATIVE', 'ACQUAINTANCE', 'TEACHER', 'STRANGER', 'OTHER'],
);

/** Police: the protective measure asked for. */
export const ProtectiveMeasures = codeList(
  'ProtectiveMeasure',
  {
    NO_CONTACT: 'Cấm tiếp xúc với trẻ',
    REMOVAL_FROM_HOME: 'Buộc rời khỏi nơi ở của trẻ',
    TEMPORARY_DETENTION: 'Tạm giữ, tạm giam',
    OTHER: 'Biện pháp khác',
  },
  ['NO_CONTACT', 'REMOVAL_FROM_HOME', 'TEMPORARY_DETENTION', 'OTHER'],
);

/** Police: how an investigation ended. */
export const InvestigationOutcomes = codeList(
  'InvestigationOutcome',
  {
    PROSECUTED: 'Đã đề nghị truy tố',
    NO_OFFENCE: 'Không có sự việc phạm tội',
    INSUFFICIENT_EVIDENCE: 'Không đủ chứng cứ',
    TRANSFERRED: 'Chuyển cơ quan khác',
    OTHER: 'Kết quả khác',
  },
  ['PROSECUTED', 'NO_OFFENCE', 'INSUFFICIENT_EVIDENCE', 'TRANSFERRED', 'OTHER'],
);

/** Why sharing the case with the receiving agency is lawful (D56 Art. 33: private information is shared only so). */
export const SharingBases = codeList(
  'SharingBasis',
  { CONSENT: 'Có sự đồng ý của trẻ em, cha mẹ, người chăm sóc', LEGAL_DUTY: 'Theo quy định của pháp luật' },
  ['CONSENT', 'LEGAL_DUTY'],
);

export const ReferralUrgencies = codeList(
  'ReferralUrgency',
  { ROUTINE: 'Thông thường', URGENT: 'Khẩn', IMMEDIATE: 'Hỏa tốc (ngay lập tức)' },
  ['ROUTINE', 'URGENT', 'IMMEDIATE'],
);

/** Who does what: the roles of the brief. The policy package decides what each may see. */
export const Roles = codeList(
  'Role',
  {
    hotline_operator: 'Điện thoại viên tổng đài',
    commune_officer: 'Người làm công tác bảo vệ trẻ em cấp xã',
    commune_chair: 'Chủ tịch UBND cấp xã',
    police_investigator: 'Điều tra viên công an',
    legal_aid_officer: 'Trợ giúp viên pháp lý',
    health_worker: 'Nhân viên y tế',
    school_safety_officer: 'Cán bộ an toàn trường học',
    provincial_coordinator: 'Điều phối viên Sở Y tế',
    auditor: 'Thanh tra viên',
  },
  [
    'hotline_operator',
    'commune_officer',
    'commune_chair',
    'police_investigator',
    'legal_aid_officer',
    'health_worker',
    'school_safety_officer',
    'provincial_coordinator',
    'auditor',
  ],
);

export type ReportChannel = z.infer<typeof ReportChannels.schema>;
export type ReportCategory = z.infer<typeof ReportCategories.schema>;
export type FormOfHarm = z.infer<typeof FormsOfHarm.schema>;
export type SexualAbuseKind = z.infer<typeof SexualAbuseKinds.schema>;
export type SpecialCircumstanceGroup = z.infer<typeof SpecialCircumstanceGroups.schema>;
export type RiskLevel = z.infer<typeof RiskLevels.schema>;
export type Sex = z.infer<typeof Sexes.schema>;
export type InterventionMeasure = z.infer<typeof InterventionMeasures.schema>;
export type BirthRegistrationStatus = z.infer<typeof BirthRegistrationStatuses.schema>;
export type Role = z.infer<typeof Roles.schema>;

/** The agency each role works for (a token's `agency` claim must agree with its role). */
export const agencyOfRole = {
  hotline_operator: 'hotline',
  commune_officer: 'commune',
  commune_chair: 'commune',
  police_investigator: 'police',
  legal_aid_officer: 'legal_aid',
  health_worker: 'health',
  school_safety_officer: 'education',
  provincial_coordinator: 'provincial',
  auditor: 'inspectorate',
} as const satisfies Record<Role, string>;

/** The kinds of unit in the province's staff directory (decision 0059). */
export const UnitKinds = codeList(
  'UnitKind',
  {
    PEOPLES_COMMITTEE: 'Ủy ban nhân dân cấp xã',
    COMMUNE_POLICE: 'Công an cấp xã',
    PROVINCIAL_POLICE: 'Công an tỉnh',
    LEGAL_AID_CENTRE: 'Trung tâm Trợ giúp pháp lý nhà nước',
    HOSPITAL: 'Bệnh viện',
    HEALTH_STATION: 'Trạm y tế',
    SCHOOL: 'Trường học',
    SOCIAL_ASSISTANCE: 'Cơ sở trợ giúp xã hội',
    HOTLINE: 'Tổng đài 111',
    DEPARTMENT_OF_HEALTH: 'Sở Y tế',
    INSPECTORATE: 'Thanh tra',
  },
  [
    'PEOPLES_COMMITTEE',
    'COMMUNE_POLICE',
    'PROVINCIAL_POLICE',
    'LEGAL_AID_CENTRE',
    'HOSPITAL',
    'HEALTH_STATION',
    'SCHOOL',
    'SOCIAL_ASSISTANCE',
    'HOTLINE',
    'DEPARTMENT_OF_HEALTH',
    'INSPECTORATE',
  ],
);
