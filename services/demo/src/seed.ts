import { WorkingCalendar } from '@chungtay/calendar';
import {
  CaseApplication,
  type CaseCommand,
  ChildApplication,
  type ChildIndex,
  caseStream,
  defaultDeadlinePolicy,
} from '@chungtay/case';
import {
  type Commune,
  type FormOfHarm,
  giaLaiCommunes,
  type InterventionMeasure,
  type ReportChannel,
  type Role,
} from '@chungtay/contracts';
import type { EventStore } from '@chungtay/event-store';
import { legalAidDecider } from '@chungtay/legal-aid';
import { medicalDecider } from '@chungtay/medical';
import {
  CaseStreamWriter,
  ReferralApplication,
  type ReferralCommand,
  reactionsTo,
  type Trigger,
} from '@chungtay/referral';
import { schoolSafetyDecider } from '@chungtay/school-safety';
import type { Caller } from '@chungtay/service-kit';
import { type DemoFamily, type DemoSex, demoAdult, demoFamily } from './names.ts';
import { DemoRandom } from './random.ts';
import { LEGAL_AID_CENTRE, PLEIKU, QUY_NHON, staffOf, unitsOf } from './users.ts';

/** How far each demo case gets through the Decree 56 process. */
export const demoStages = [
  'REPORTED',
  'AT_COMMUNE',
  'INITIAL_ASSESSED',
  'SEPARATED',
  'DETAILED_ASSESSED',
  'PLAN_DRAFTED',
  'PLAN_RETURNED',
  'IN_IMPLEMENTATION',
  'MONITORED',
  'REVIEWED',
  'CLOSED',
  'REOPENED',
] as const;
export type DemoStage = (typeof demoStages)[number];

/** What becomes of a referral the demo issues. */
const referralFates = [
  'OFFERED',
  'CLAIMED',
  'ACCEPTED',
  'IN_PROGRESS',
  'COMPLETED',
  'DECLINED',
  'WITHDRAWN',
  'ESCALATED',
] as const;
type ReferralFate = (typeof referralFates)[number];

export interface DemoOptions {
  readonly store: EventStore;
  /** The case service's duplicate index, so demo children are registered as intake would. */
  readonly childIndex: ChildIndex;
  /** The demo's present: cases are spread over the months before it. */
  readonly now?: Date;
  readonly seed?: number;
  /**
   * How many cases: the first go through every stage in phường Quy Nhơn (where the demo users work), then
   * phường Pleiku, then one in each other commune while the count lasts. Default: every commune has one.
   */
  readonly cases?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface DemoSummary {
  readonly cases: number;
  readonly children: number;
  readonly commands: number;
  readonly communes: number;
  readonly stages: Readonly<Record<string, number>>;
  readonly referralFates: Readonly<Record<string, number>>;
  /** Cases of phường Quy Nhơn worth opening first (the demo users work there), for the start banner. */
  readonly showcase: DemoShowcase;
}

export interface DemoShowcase {
  /** Just reported by the hotline, not yet forwarded. */
  readonly newReport?: string;
  /** Being monitored after the plan: a long timeline with every agency on it. */
  readonly monitoredCase?: string;
  /** Closed by the chair: what did each agency know then? */
  readonly closedCase?: string;
  /** A case the school and the health station both work on: one timeline, two lenses (J5). */
  readonly sharedCase?: string;
  /** A child recorded twice (the second time without diacritics): intake flagged it for a person to decide. */
  readonly possibleDuplicate?: string;
  /** A referral nobody has claimed yet. */
  readonly openReferral?: { readonly caseId: string; readonly referralId: string; readonly toAgency: string };
}

/** A name as a form without Vietnamese letters records it ("Rơ Mah H'Linh" → "Ro Mah H'Linh"). */
const withoutDiacritics = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A step the demo would take after its present: the case stays where it is. */
class NotYet extends Error {}

/** The clock the seeder moves: every service decides as if it were the moment of the step. */
class SeedClock {
  time = 0;
  readonly read = () => new Date(this.time);
}

const receivers: ReadonlyArray<{ channel: ReportChannel; role: Role }> = [
  { channel: 'HOTLINE_111', role: 'hotline_operator' },
  { channel: 'HOTLINE_111', role: 'hotline_operator' },
  { channel: 'COMMUNE_HOTLINE', role: 'commune_officer' },
  { channel: 'WALK_IN', role: 'commune_officer' },
  { channel: 'POLICE', role: 'police_investigator' },
  { channel: 'HEALTH_FACILITY', role: 'health_worker' },
  { channel: 'ONLINE', role: 'hotline_operator' },
];

const harms: ReadonlyArray<{ forms: FormOfHarm[]; narrative: string }> = [
  {
    forms: ['VIOLENCE'],
    narrative: 'Hàng xóm thấy trẻ bị cha dượng đánh nhiều lần, có vết bầm ở tay và lưng.',
  },
  { forms: ['VIOLENCE'], narrative: 'Giáo viên phát hiện trẻ có vết thương, trẻ nói bị đánh ở nhà.' },
  { forms: ['SEXUAL_ABUSE'], narrative: 'Mẹ trẻ trình báo trẻ bị người quen xâm hại.' },
  { forms: ['NEGLECT'], narrative: 'Trẻ thường xuyên ở một mình, bỏ bữa, cha mẹ đi làm ăn xa.' },
  { forms: ['EXPLOITATION'], narrative: 'Trẻ bỏ học, bị buộc đi làm thuê ở rẫy cà phê nhiều giờ mỗi ngày.' },
  { forms: ['ABANDONMENT'], narrative: 'Trẻ sơ sinh bị bỏ lại trước cổng trạm y tế.' },
  { forms: ['VIOLENCE', 'NEGLECT'], narrative: 'Trẻ bị đánh khi cha say rượu, không được chăm sóc.' },
  { forms: ['TRAFFICKING'], narrative: 'Trẻ được hứa việc làm bên kia biên giới, gia đình mất liên lạc.' },
];

const specialGroupOf: Partial<
  Record<FormOfHarm, 'SEXUALLY_ABUSED' | 'HARMED_BY_VIOLENCE' | 'EXPLOITED' | 'TRAFFICKED' | 'ABANDONED'>
> = {
  SEXUAL_ABUSE: 'SEXUALLY_ABUSED',
  VIOLENCE: 'HARMED_BY_VIOLENCE',
  EXPLOITATION: 'EXPLOITED',
  TRAFFICKING: 'TRAFFICKED',
  ABANDONMENT: 'ABANDONED',
};

const taskOf: Record<
  InterventionMeasure,
  { agency: 'health' | 'legal_aid' | 'education' | 'commune'; text: string }
> = {
  MEDICAL_CARE: { agency: 'health', text: 'Khám sức khỏe, hỗ trợ tâm lý tại trạm y tế.' },
  LEGAL_AID: { agency: 'legal_aid', text: 'Tư vấn pháp luật, trợ giúp pháp lý cho trẻ và gia đình.' },
  FAMILY_REUNIFICATION: { agency: 'education', text: 'Hỗ trợ trẻ trở lại lớp học, theo dõi tại trường.' },
  CAREGIVER_COUNSELLING: { agency: 'commune', text: 'Tư vấn kỹ năng làm cha mẹ cho người chăm sóc.' },
  SAFE_SHELTER: { agency: 'commune', text: 'Bố trí nơi ở an toàn tạm thời.' },
  ALTERNATIVE_CARE: { agency: 'commune', text: 'Bố trí chăm sóc thay thế tại gia đình người thân.' },
  OTHER: { agency: 'commune', text: 'Hỗ trợ khác theo nhu cầu của trẻ.' },
};

/** The unit a plan task names: the commune's own health station and school, the province's legal-aid centre. */
function responsibleUnitOf(agency: (typeof taskOf)[InterventionMeasure]['agency'], communeCode: string) {
  if (agency === 'legal_aid') return { responsibleUnit: LEGAL_AID_CENTRE };
  if (agency === 'commune') return {};
  return { responsibleUnit: unitsOf(communeCode)[agency] };
}

/** The communes the demo's cases happen in, in order: Quy Nhơn for every stage, Pleiku, then each other. */
function caseCommunes(count: number): Commune[] {
  const home = giaLaiCommunes.find((commune) => commune.code === QUY_NHON) as Commune;
  const pleiku = giaLaiCommunes.find((commune) => commune.code === PLEIKU) as Commune;
  const others = giaLaiCommunes.filter((commune) => commune !== home && commune !== pleiku);
  const order = [
    ...Array.from({ length: demoStages.length * 2 }, () => home),
    ...Array.from({ length: 6 }, () => pleiku),
    ...others,
  ];
  return Array.from({ length: count }, (_, index) => order[index % order.length] as Commune);
}

/**
 * Makes the demo: cases in every stage of the process (some overdue), police investigations, referrals in
 * every state, legal-aid, medical and school records, and the children's own records — all decided by the
 * services' own deciders at the moment each step happened, so the demo obeys every rule the platform does.
 */
export async function seedDemo(options: DemoOptions): Promise<DemoSummary> {
  const now = (options.now ?? new Date()).getTime();
  const random = new DemoRandom(options.seed ?? 2026_11_25);
  const clock = new SeedClock();
  const { store } = options;
  const cases = new CaseApplication(store, defaultDeadlinePolicy, WorkingCalendar.default(), clock.read);
  const children = new ChildApplication(store, options.childIndex, clock.read);
  const referrals = new ReferralApplication(store, clock.read);
  const legalAid = new CaseStreamWriter(store, legalAidDecider, clock.read);
  const medical = new CaseStreamWriter(store, medicalDecider, clock.read);
  const school = new CaseStreamWriter(store, schoolSafetyDecider, clock.read);
  const communes = caseCommunes(options.cases ?? demoStages.length * 2 + 6 + giaLaiCommunes.length - 2);
  const stages: Record<string, number> = {};
  const fates: Record<string, number> = {};
  let commands = 0;
  let registered = 0;

  /** What the deadline watcher would have done by `time`: record each deadline missed, once, when it passed. */
  const watch = async (caseId: string, until: number) => {
    const { state } = await cases.load(caseId);
    if (state.status === 'NONE') return;
    for (const deadline of cases.deadlines(state, new Date(until))) {
      if (deadline.status !== 'OVERDUE' || deadline.missRecorded) continue;
      clock.time = Math.min(until, Date.parse(deadline.dueAt) + 60_000);
      await cases.handle(
        caseId,
        { type: 'RecordMissedDeadline', data: { deadlineId: deadline.id } },
        {
          caller: { system: 'deadline-watcher' },
          expectedRevision: (await cases.load(caseId)).revision as number,
        },
      );
      commands++;
    }
  };
  let current = '';
  const showcase: { -readonly [Key in keyof DemoShowcase]: DemoShowcase[Key] } = {};
  let fateCursor = 0;

  /** One case, as far as its stage (or the present) lets it go. */
  /**
   * `showcaseIndex`: the case's place in the first round in Quy Nhơn, which the banner shows: each form of harm in
   * turn (so sexual abuse brings the police), and a plan that needs every agency.
   */
  async function play(commune: Commune, stage: DemoStage, showcaseIndex?: number): Promise<void> {
    const everyAgency = showcaseIndex !== undefined;
    const staff = staffOf(commune.code);
    const caseId = random.uuid();
    current = caseId;
    const childId = random.uuid();
    const sex: DemoSex = random.chance(0.5) ? 'FEMALE' : 'MALE';
    const family: DemoFamily = demoFamily(random, sex, commune);
    const age = random.int(0, 17);
    const harm =
      showcaseIndex === undefined
        ? random.pick(harms)
        : (harms[showcaseIndex % harms.length] as (typeof harms)[number]);
    // A report the commune takes itself is at the commune at once: one still to forward came from elsewhere.
    const receiver = random.pick(
      stage === 'REPORTED' ? receivers.filter((entry) => entry.role !== 'commune_officer') : receivers,
    );
    // Early stages are recent (some already overdue); later stages started months ago, so their steps fit.
    const recent = ['REPORTED', 'AT_COMMUNE', 'INITIAL_ASSESSED', 'SEPARATED'].includes(stage);
    // Cases being carried out had their plan approved lately, so some referrals still wait for an answer.
    let time = recent
      ? now - random.int(2, 60) * HOUR
      : stage === 'IN_IMPLEMENTATION'
        ? now - random.int(22, 28) * DAY
        : // The latest stages need about 200 days; all start within the ten months before `now`.
          now - (demoStages.indexOf(stage) * 22 + random.int(10, 40)) * DAY;
    const iso = () => new Date(time).toISOString();
    const later = (hours: number) => {
      time += hours * HOUR;
    };
    /** Each step happens at `time`; a step that would lie in the demo's future is not taken (the case stops). */
    const at = () => {
      if (time >= now - 10 * 60_000) throw new NotYet();
      clock.time = time + 60_000;
    };
    const caseCommand = async (caller: Caller, command: CaseCommand) => {
      at();
      if (command.type !== 'ReceiveReport') await watch(caseId, time);
      at();
      const loaded = await cases.load(caseId);
      await cases.handle(caseId, command, {
        caller,
        ...(loaded.revision === undefined ? {} : { expectedRevision: loaded.revision }),
      });
      commands++;
    };
    const referralCommand = async (
      caller: Caller | { system: string },
      referralId: string,
      command: ReferralCommand,
    ) => {
      at();
      await referrals.handle(caseId, referralId, command, { caller });
      commands++;
    };
    const agencyCommand = async <Command, State>(
      writer: CaseStreamWriter<Command, State>,
      caller: Caller,
      command: Command,
    ) => {
      at();
      await writer.handle(caseId, command, { caller });
      commands++;
    };
    /** Runs the platform's reaction to a stored event, with the id it would derive (the worker then finds it done). */
    const react = async (type: Trigger['type'], extra: { receivedAt?: string; planId?: string }) => {
      const events = await store.readStream(caseStream(caseId));
      const cause = [...events]
        .reverse()
        .find((event) =>
          type === 'SexualAbuseReported'
            ? event.type === 'ReportReceived'
            : event.type === 'SupportPlanApproved',
        );
      if (!cause) return [];
      const trigger = (
        type === 'SexualAbuseReported'
          ? { eventId: cause.id, caseId, type, receivedAt: extra.receivedAt as string }
          : { eventId: cause.id, caseId, type, planId: extra.planId as string }
      ) as Trigger;
      const loaded = await referrals.load(caseId);
      const issued = reactionsTo(trigger, loaded.state.caseState);
      for (const command of issued)
        await referralCommand({ system: 'referral-worker' }, command.data.referralId, command);
      return issued.map((command) => ({
        referralId: command.data.referralId,
        toAgency: command.data.toAgency,
        dueAt: command.data.dueAt,
      }));
    };
    const officerOf = (agency: string): Caller =>
      agency === 'police'
        ? staff.police_investigator
        : agency === 'legal_aid'
          ? staff.legal_aid_officer
          : agency === 'health'
            ? staff.health_worker
            : staff.school_safety_officer;
    /** Takes a referral as far as its fate; returns whether the agency accepted it (and may record work). */
    const follow = async (
      referral: { referralId: string; toAgency: string; dueAt: string },
      fate: ReferralFate,
    ) => {
      fates[fate] = (fates[fate] ?? 0) + 1;
      const officer = officerOf(referral.toAgency);
      if (fate === 'OFFERED') {
        if (commune.code === QUY_NHON && Date.parse(referral.dueAt) > now)
          showcase.openReferral ??= { caseId, ...referral };
        return false;
      }
      if (fate === 'ESCALATED') {
        time = Math.max(time, Date.parse(referral.dueAt) + HOUR);
        await referralCommand({ system: 'referral-worker' }, referral.referralId, {
          type: 'EscalateReferral',
          data: {},
        });
        return false;
      }
      if (fate === 'WITHDRAWN') {
        later(random.int(2, 30));
        await referralCommand(staff.commune_officer, referral.referralId, {
          type: 'WithdrawReferral',
          data: { reason: 'Gia đình đã tự liên hệ được dịch vụ khác.' },
        });
        return false;
      }
      later(random.int(1, 20));
      await referralCommand(officer, referral.referralId, { type: 'ClaimReferral', data: {} });
      if (fate === 'CLAIMED') return false;
      later(random.int(1, 6));
      if (fate === 'DECLINED') {
        await referralCommand(officer, referral.referralId, {
          type: 'DeclineReferral',
          data: { reason: 'Ngoài phạm vi hỗ trợ của đơn vị; đề nghị chuyển cơ sở phù hợp.' },
        });
        return false;
      }
      await referralCommand(officer, referral.referralId, { type: 'AcceptReferral', data: {} });
      return true;
    };
    // The first referrals go through every fate in turn, so even a small demo shows each; then chance decides.
    const fateFor = (): ReferralFate => {
      if (fateCursor < referralFates.length * 2)
        return referralFates[fateCursor++ % referralFates.length] as ReferralFate;
      return stage === 'IN_IMPLEMENTATION' || recent
        ? random.pick(referralFates)
        : random.pick([
            'COMPLETED',
            'COMPLETED',
            'COMPLETED',
            'IN_PROGRESS',
            'DECLINED',
            'WITHDRAWN',
            'ESCALATED',
          ] as const);
    };

    // 1. The report (Form 01).
    const consent = random.chance(0.4);
    const receivedAt = iso();
    await caseCommand(staff[receiver.role], {
      type: 'ReceiveReport',
      data: {
        caseId,
        receivedAt,
        channel: receiver.channel,
        incidentCommuneCode: commune.code,
        category: harm.forms.includes('NEGLECT') && random.chance(0.5) ? 'AT_RISK' : 'ABUSED',
        formsOfHarm: harm.forms,
        child: {
          childId,
          fullName: family.child,
          sex,
          ...(random.chance(0.5) ? { estimatedAge: age } : { estimatedAge: Math.max(0, age - 1) }),
        },
        relatives: [
          { personId: random.uuid(), relation: 'MOTHER', fullName: family.motherAlias ?? family.mother },
          ...(random.chance(0.6)
            ? [{ personId: random.uuid(), relation: 'FATHER' as const, fullName: family.father }]
            : []),
        ],
        narrative: harm.narrative,
        reporter: consent
          ? {
              consentToRecordIdentity: true,
              reporterId: random.uuid(),
              fullName: demoAdult(random, commune),
              phone: `09${random.int(10_000_000, 99_999_999)}`,
              relationToChild: random.pick(['Hàng xóm', 'Giáo viên', 'Người thân', 'Trưởng thôn']),
            }
          : { consentToRecordIdentity: false },
      },
    });
    const sexualAbuse = harm.forms.includes('SEXUAL_ABUSE');
    const policeReferrals = sexualAbuse ? await react('SexualAbuseReported', { receivedAt }) : [];
    if (stage === 'REPORTED') {
      return;
    }

    // 2. Forwarded to the commune within 24 hours (unless the commune received it itself).
    if (receiver.role !== 'commune_officer') {
      later(random.int(1, 6));
      await caseCommand(staff[receiver.role], {
        type: 'ForwardToCommune',
        data: { toCommuneCode: commune.code, forwardedAt: iso() },
      });
    }
    // The police take the notification of a sexual-abuse report and open an investigation.
    let investigationId: string | undefined;
    for (const referral of policeReferrals) {
      const accepted = await follow(referral, stage === 'AT_COMMUNE' ? 'CLAIMED' : 'ACCEPTED');
      if (accepted) {
        investigationId = random.uuid();
        later(2);
        await caseCommand(staff.police_investigator, {
          type: 'OpenInvestigation',
          data: {
            investigationId,
            openedAt: iso(),
            unit: unitsOf(commune.code).police,
          },
        });
        await referralCommand(staff.police_investigator, referral.referralId, {
          type: 'StartReferral',
          data: {},
        });
      }
    }
    if (stage === 'AT_COMMUNE') {
      return;
    }

    // 3. The initial assessment (Form 02), due within 12 hours; sometimes late.
    const danger = stage === 'SEPARATED' || random.chance(0.2);
    later(random.chance(0.25) ? random.int(13, 30) : random.int(2, 10));
    await caseCommand(staff.commune_officer, {
      type: 'CompleteInitialAssessment',
      data: {
        assessedAt: iso(),
        riskLevel: danger ? 'HIGH' : random.pick(['LOW', 'MEDIUM'] as const),
        childInSeriousDanger: danger,
        emergencyMeasure: danger ? 'TEMPORARY_SEPARATION' : 'NONE',
        findings: danger
          ? 'Trẻ có nguy cơ bị tiếp tục xâm hại nếu ở lại nhà.'
          : 'Trẻ an toàn tạm thời, cần theo dõi.',
      },
    });
    // The child's own record: registered by the officer, linked to the case.
    const birthYear = new Date(receivedAt).getUTCFullYear() - age;
    const birthDate = `${birthYear}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
    const group = harm.forms.map((form) => specialGroupOf[form]).find((found) => found !== undefined);
    const youngAndUnregistered = age < 5 && random.chance(0.3);
    at();
    await children.handle(
      childId,
      {
        type: 'RegisterChild',
        data: {
          childId,
          registeredAt: new Date(time + 60_000).toISOString(),
          fullName: family.child,
          birthDate,
          sex,
          ethnicity: family.ethnicity,
          communeCode: commune.code,
          birthRegistration: youngAndUnregistered ? 'NOT_REGISTERED' : 'REGISTERED',
          specialCircumstances: group ? [group] : [],
        },
      },
      { caller: staff.commune_officer },
    );
    await children.handle(
      childId,
      { type: 'LinkToCase', data: { caseId, linkedAt: new Date(time + 90_000).toISOString() } },
      { caller: staff.commune_officer, expectedRevision: 0 },
    );
    commands += 2;
    registered++;
    if (commune.code === QUY_NHON && !showcase.possibleDuplicate) {
      // The same child as a school might record them, typed without diacritics: intake flags it.
      const twice = random.uuid();
      await children.handle(
        twice,
        {
          type: 'RegisterChild',
          data: {
            childId: twice,
            registeredAt: new Date(time + 120_000).toISOString(),
            fullName: withoutDiacritics(family.child),
            birthDate,
            sex,
            ethnicity: family.ethnicity,
            communeCode: commune.code,
            birthRegistration: 'UNKNOWN',
            specialCircumstances: [],
          },
        },
        { caller: staff.commune_officer },
      );
      showcase.possibleDuplicate = twice;
      commands++;
      registered++;
    }
    if (danger) {
      later(random.int(1, 8));
      await caseCommand(staff.commune_officer, {
        type: 'RecordEmergencyIntervention',
        data: { takenAt: iso(), actions: ['MOVED_TO_SAFETY'], notes: 'Đưa trẻ đến nhà người thân an toàn.' },
      });
      later(1);
      await caseCommand(staff.commune_chair, {
        type: 'DecideTemporarySeparation',
        data: {
          decidedAt: iso(),
          until: new Date(time + 15 * DAY - HOUR).toISOString(),
          placement: random.pick(['RELATIVE', 'SAFE_SHELTER'] as const),
          placementDetails: 'Ở với bà ngoại trong thôn.',
          decisionNumber: `${random.int(1, 300)}/QĐ-UBND`,
        },
      });
    }
    if (stage === 'INITIAL_ASSESSED' || stage === 'SEPARATED') {
      return;
    }
    if (investigationId) {
      later(random.int(6, 48));
      await caseCommand(staff.police_investigator, {
        type: 'RecordStatement',
        data: {
          investigationId,
          statementId: random.uuid(),
          recordedAt: iso(),
          from: 'CHILD',
          summary: 'Lời khai của trẻ có người giám hộ đi cùng.',
        },
      });
      later(random.int(6, 48));
      await caseCommand(staff.police_investigator, {
        type: 'CollectEvidence',
        data: {
          investigationId,
          evidenceId: random.uuid(),
          collectedAt: iso(),
          kind: 'FORENSIC_REPORT',
          reference: `GĐ-${random.int(100, 999)}/2026`,
        },
      });
    }

    // 4. The detailed assessment (Form 03) after a needs meeting.
    later(random.int(24, 96));
    const needs: InterventionMeasure[] = [
      'MEDICAL_CARE',
      ...(everyAgency || random.chance(0.7) || investigationId ? (['LEGAL_AID'] as const) : []),
      ...(everyAgency || (age >= 6 && random.chance(0.6)) ? (['FAMILY_REUNIFICATION'] as const) : []),
      'CAREGIVER_COUNSELLING',
    ];
    await caseCommand(staff.commune_officer, {
      type: 'CompleteDetailedAssessment',
      data: {
        assessedAt: iso(),
        needs,
        needsMeetingHeldAt: new Date(time - 2 * HOUR).toISOString(),
        meetingMinutesReference: `BB-${random.int(1, 200)}/2026`,
        findings: 'Trẻ cần chăm sóc y tế, hỗ trợ tâm lý và theo dõi tại gia đình.',
      },
    });
    if (danger) {
      later(random.int(24, 72));
      await caseCommand(staff.commune_chair, {
        type: 'EndSeparation',
        data: { endedAt: iso(), reason: 'CAREGIVER_SAFE', notes: 'Người chăm sóc cam kết bảo vệ trẻ.' },
      });
    }
    if (stage === 'DETAILED_ASSESSED') {
      return;
    }

    // 5. The plan (Form 04), due within 5 working days; returned once in some cases.
    const planId = random.uuid();
    const tasks = needs.map((need) => ({
      taskId: random.uuid(),
      measure: need,
      responsibleAgency: taskOf[need].agency,
      ...responsibleUnitOf(taskOf[need].agency, commune.code),
      description: taskOf[need].text,
      dueDate: '',
    }));
    const draft = async () => {
      const due = new Date(time + random.int(20, 45) * DAY);
      await caseCommand(staff.commune_officer, {
        type: 'DraftSupportPlan',
        data: {
          planId,
          draftedAt: iso(),
          summary: 'Kế hoạch hỗ trợ, can thiệp: y tế, pháp lý, giáo dục và tư vấn gia đình.',
          tasks: tasks.map((task) => ({ ...task, dueDate: due.toISOString().slice(0, 10) })),
        },
      });
    };
    later(random.chance(0.25) ? random.int(8, 14) * 24 : random.int(1, 5) * 24);
    await draft();
    if (stage === 'PLAN_DRAFTED') {
      return;
    }
    if (stage === 'PLAN_RETURNED' || random.chance(0.2)) {
      later(random.int(4, 30));
      await caseCommand(staff.commune_chair, {
        type: 'ReturnSupportPlan',
        data: { planId, returnedAt: iso(), reason: 'Bổ sung nguồn lực và thời hạn cho từng nhiệm vụ.' },
      });
      if (stage === 'PLAN_RETURNED') {
        return;
      }
      later(random.int(12, 48));
      await draft();
    }
    // 6. Approval (Form 05) by the chair; the platform refers each other agency's task.
    later(random.int(6, 40));
    await caseCommand(staff.commune_chair, {
      type: 'ApproveSupportPlan',
      data: { planId, approvedAt: iso(), decisionNumber: `${random.int(1, 500)}/QĐ-UBND` },
    });
    const taskReferrals = await react('SupportPlanApproved', { planId });
    if (
      commune.code === QUY_NHON &&
      ['MONITORED', 'REVIEWED'].includes(stage) &&
      needs.includes('FAMILY_REUNIFICATION')
    )
      showcase.sharedCase ??= caseId;
    for (const referral of taskReferrals) {
      const fate = fateFor();
      const accepted = await follow(referral, fate);
      if (!accepted || fate === 'ACCEPTED') continue;
      later(random.int(2, 24));
      const task = tasks.find((candidate) => taskOf[candidate.measure].agency === referral.toAgency);
      if (referral.toAgency === 'legal_aid') {
        await agencyCommand(legalAid, staff.legal_aid_officer, {
          type: 'AssignOfficer',
          data: { referralId: referral.referralId, officerId: staff.legal_aid_officer.userId },
        });
        later(random.int(24, 120));
        await agencyCommand(legalAid, staff.legal_aid_officer, {
          type: 'GiveAdvice',
          data: {
            referralId: referral.referralId,
            givenAt: iso(),
            topic: investigationId ? 'CRIMINAL_PROCEEDINGS' : 'CHILD_PROTECTION_RIGHTS',
            summary: 'Tư vấn quyền của trẻ và thủ tục tố tụng thân thiện.',
          },
        });
        if (investigationId) {
          later(random.int(24, 120));
          await agencyCommand(legalAid, staff.legal_aid_officer, {
            type: 'ProvideRepresentation',
            data: {
              referralId: referral.referralId,
              providedAt: iso(),
              kind: 'ACCOMPANIMENT',
              proceeding: 'INVESTIGATION',
              proceedingReference: `VA-${random.int(10, 99)}/2026`,
            },
          });
        }
        if (fate === 'COMPLETED') {
          later(random.int(48, 240));
          await agencyCommand(legalAid, staff.legal_aid_officer, {
            type: 'CloseLegalAid',
            data: {
              referralId: referral.referralId,
              outcome: 'RIGHTS_PROTECTED',
              summary: 'Đã hoàn thành trợ giúp pháp lý.',
            },
          });
        } else {
          await referralCommand(staff.legal_aid_officer, referral.referralId, {
            type: 'StartReferral',
            data: {},
          });
        }
      } else {
        await referralCommand(officerOf(referral.toAgency), referral.referralId, {
          type: 'StartReferral',
          data: {},
        });
        if (referral.toAgency === 'health') {
          await agencyCommand(medical, staff.health_worker, {
            type: 'RecordExamination',
            data: {
              examinationId: random.uuid(),
              examinedAt: iso(),
              facility: `Trạm y tế ${commune.name}`,
              careNeeded: random.pick(['OUTPATIENT', 'NONE'] as const),
              findings: 'Vết bầm phần mềm đã lành, sức khỏe ổn định.',
            },
          });
          if (investigationId) {
            later(random.int(4, 24));
            await agencyCommand(medical, staff.health_worker, {
              type: 'RecordForensicExamination',
              data: {
                examinationId: random.uuid(),
                examinedAt: iso(),
                facility: 'Trung tâm Pháp y tỉnh Gia Lai',
                investigationId,
                resultReference: `PY-${random.int(100, 999)}/2026`,
                findings: 'Kết luận giám định theo yêu cầu của cơ quan điều tra.',
              },
            });
          }
          const sessions = random.int(1, 3);
          for (let session = 1; session <= sessions; session++) {
            later(random.int(72, 200));
            await agencyCommand(medical, staff.health_worker, {
              type: 'RecordSupportSession',
              data: { sessionAt: iso(), sessionNumber: session, notes: 'Trẻ hợp tác, giảm lo âu.' },
            });
          }
        }
        if (referral.toAgency === 'education') {
          later(random.int(24, 96));
          await agencyCommand(school, staff.school_safety_officer, {
            type: 'AgreeSafetyPlan',
            data: {
              agreedAt: iso(),
              measures: ['SUPERVISION', 'COUNSELLING'],
              details: 'Giáo viên chủ nhiệm theo dõi, tư vấn học đường hằng tuần.',
            },
          });
          later(random.int(24, 96));
          await agencyCommand(school, staff.school_safety_officer, {
            type: 'RecordReintegrationSupport',
            data: { recordedAt: iso(), support: 'RETURN_TO_CLASS', notes: 'Trẻ đi học lại đều đặn.' },
          });
        }
        if (fate === 'COMPLETED') {
          later(random.int(24, 120));
          await referralCommand(officerOf(referral.toAgency), referral.referralId, {
            type: 'CompleteReferral',
            data: { outcome: 'SERVICE_PROVIDED', summary: 'Đã thực hiện dịch vụ theo kế hoạch.' },
          });
        }
      }
      if (task && fate === 'COMPLETED') {
        later(random.int(1, 24));
        await caseCommand(officerOf(referral.toAgency), {
          type: 'CompleteInterventionTask',
          data: { planId, taskId: task.taskId, completedAt: iso(), outcome: 'Nhiệm vụ đã hoàn thành.' },
        });
      }
    }
    // Cases still being carried out stop here; the others complete the commune's own tasks.
    if (stage === 'IN_IMPLEMENTATION') return;
    for (const task of tasks.filter((candidate) => candidate.responsibleAgency === 'commune')) {
      later(random.int(48, 200));
      await caseCommand(staff.commune_officer, {
        type: 'CompleteInterventionTask',
        data: {
          planId,
          taskId: task.taskId,
          completedAt: iso(),
          outcome: 'Gia đình đã tham gia đủ các buổi tư vấn.',
        },
      });
    }

    // 7. Monitoring visits, every 30 days (some late), then the review (Form 06) and the chair's decision.
    const visits = random.int(1, 3);
    for (let visit = 0; visit < visits; visit++) {
      later(random.chance(0.2) ? random.int(32, 45) * 24 : random.int(20, 29) * 24);
      await caseCommand(staff.commune_officer, {
        type: 'RecordMonitoringVisit',
        data: {
          visitedAt: iso(),
          childSituation: random.pick(['STABLE', 'IMPROVING'] as const),
          notes: 'Trẻ đi học đều, gia đình hợp tác.',
        },
      });
    }
    if (stage === 'MONITORED') {
      return;
    }
    later(random.int(48, 240));
    await caseCommand(staff.commune_officer, {
      type: 'ReviewCase',
      data: {
        reviewedAt: iso(),
        ratings: {
          remainingHarm: 'LOW',
          abuserAccess: 'LOW',
          careEnvironmentObstacles: 'LOW',
          childProtectiveCapacity: 'HIGH',
        },
        proposal: 'CLOSE',
      },
    });
    if (stage === 'REVIEWED') {
      return;
    }
    if (investigationId) {
      later(random.int(4, 24));
      await caseCommand(staff.police_investigator, {
        type: 'CloseInvestigation',
        data: {
          investigationId,
          closedAt: iso(),
          outcome: random.pick(['PROSECUTED', 'INSUFFICIENT_EVIDENCE'] as const),
        },
      });
    }
    later(random.int(24, 72));
    await caseCommand(staff.commune_chair, {
      type: 'CloseCase',
      data: { closedAt: iso(), reason: 'RISK_RESOLVED', decisionNumber: `${random.int(1, 500)}/QĐ-UBND` },
    });
    if (stage === 'REOPENED') {
      later(random.int(5, 20) * 24);
      await caseCommand(staff.commune_officer, {
        type: 'ReopenCase',
        data: { reopenedAt: iso(), reason: 'Có tin báo mới: trẻ lại bị đánh sau khi đóng hồ sơ.' },
      });
    }
  }

  for (const [index, commune] of communes.entries()) {
    const stage: DemoStage =
      index < demoStages.length * 2
        ? (demoStages[index % demoStages.length] as DemoStage)
        : random.pick(demoStages);
    try {
      await play(commune, stage, index < demoStages.length ? index : undefined);
    } catch (error) {
      if (!(error instanceof NotYet)) throw error;
    }
    await watch(current, now);
    if (commune.code === QUY_NHON) {
      if (stage === 'REPORTED') showcase.newReport ??= current;
      if (stage === 'MONITORED') showcase.monitoredCase ??= current;
      if (stage === 'CLOSED') showcase.closedCase ??= current;
    }
    stages[stage] = (stages[stage] ?? 0) + 1;
    options.onProgress?.(index + 1, communes.length);
  }
  return {
    cases: communes.length,
    children: registered,
    commands,
    communes: new Set(communes.map((commune) => commune.code)).size,
    stages,
    referralFates: fates,
    showcase,
  };
}
