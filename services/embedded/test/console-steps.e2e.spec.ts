import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole } from '@chungtay/console/build';
import type { Role } from '@chungtay/contracts';
import { type Browser, isLoopback, launchChromium, type Page, waitFor } from '@chungtay/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedPlatform, startEmbedded } from '../src/platform.ts';
import {
  openStep as openStepAt,
  record,
  seriousViolations,
  signedIn as signedInAs,
  typedTime,
} from './console-helpers.ts';

// Issue 18: a case carried from report to closing through the console's step forms, by the people whose
// steps they are, each in their own browser session.
const shots = join(tmpdir(), 'chungtay-console-shots');
const QUY_NHON = '21583';

let dataDir: string;
let platform: EmbeddedPlatform;
let browser: Browser;

beforeAll(async () => {
  await buildConsole();
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), 'chungtay-console-steps-'));
  platform = await startEmbedded({ dataDir, port: 0, deadlineCheckMs: 0, demo: { cases: 12 } });
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const signedIn = (
  role: Role,
  viewport?: { width: number; height: number },
  on: EmbeddedPlatform = platform,
): Promise<Page> => signedInAs(browser, on.url, role, viewport);

/** A report recorded through the gateway, by the hotline unless said otherwise, as the intake form sends it. */
async function reportByHotline(
  on: EmbeddedPlatform = platform,
  by: Role = 'hotline_operator',
): Promise<string> {
  const caseId = randomUUID();
  const response = await fetch(on.graphqlUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${on.tokens[by]}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      query: 'mutation R($report: ReceiveReportInput!) { receiveReport(report: $report) { id } }',
      variables: {
        report: {
          caseId,
          receivedAt: new Date(Date.now() - 60_000).toISOString(),
          channel: 'HOTLINE_111',
          incidentCommuneCode: QUY_NHON,
          category: 'ABUSED',
          formsOfHarm: ['VIOLENCE'],
          child: { childId: randomUUID(), fullName: 'Siu H’Mai', estimatedAge: 10, sex: 'FEMALE' },
          relatives: [],
          narrative: 'Cô giáo báo trẻ đến lớp với nhiều vết bầm.',
          reporter: { consentToRecordIdentity: false },
        },
      },
    }),
  });
  expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
  return caseId;
}

const eventTypes = async (caseId: string, on: EmbeddedPlatform = platform) =>
  (await on.store.readStream(`case-${caseId}`)).map((event) => event.type);

const openStep = (page: Page, caseId: string, title: string, on: EmbeddedPlatform = platform) =>
  openStepAt(page, on.url, caseId, title);

const stepLinks = async (page: Page) => page.locator('.steps a').allTextContents();

describe('the case’s steps in the console', () => {
  it('J1: the officer receives, assesses and intervenes; the chair approves the plan; monitoring, review and closing — every form from the contracts, in Vietnamese', async () => {
    const caseId = await reportByHotline();
    const officer = await signedIn('commune_officer');
    const chair = await signedIn('commune_chair');

    // What each sees offered comes from the server: the officer receives it, the chair does not assess.
    await officer.goto(`${platform.url}/#/cases/${caseId}`);
    await officer.getByRole('heading', { name: 'Các bước có thể thực hiện' }).waitFor();
    expect(await stepLinks(officer)).toEqual([
      'Chuyển thông tin cho UBND cấp xã',
      'Can thiệp khẩn cấp',
      'Chuyển gửi đến cơ quan, tổ chức cung cấp dịch vụ',
    ]);

    await openStep(officer, caseId, 'Chuyển thông tin cho UBND cấp xã');
    await officer.getByLabel('UBND cấp xã tiếp nhận').fill('quy nhon');
    await officer.getByRole('button', { name: 'phường Quy Nhơn', exact: true }).click();
    await record(officer);
    expect(await eventTypes(caseId)).toEqual(['ReportReceived', 'ReportForwardedToCommune']);

    // Form 02: a child in serious danger with no emergency measure is the decree's own refusal, shown
    // beside the field, with what was typed kept.
    await openStep(officer, caseId, 'Đánh giá nguy cơ ban đầu (Mẫu số 02)');
    expect(await seriousViolations(officer)).toEqual([]);
    await officer.getByLabel('Mức độ nguy cơ').selectOption({ label: 'Cao' });
    await officer.getByLabel('Tính mạng, sức khỏe, nhân phẩm của trẻ bị đe dọa nghiêm trọng').check();
    await officer
      .getByLabel('Biện pháp khẩn cấp cần áp dụng')
      .selectOption({ label: 'Không cần biện pháp khẩn cấp' });
    await officer.getByLabel('Kết quả đánh giá').fill('Trẻ có nhiều vết bầm ở lưng và tay.');
    await officer.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
    await officer.locator('.error-summary').waitFor();
    expect(await officer.locator('.error-summary').textContent()).toContain('Điều 26 Nghị định 56');
    expect(await officer.locator('.has-error').count()).toBe(1);
    expect(await officer.getByLabel('Kết quả đánh giá').inputValue()).toBe(
      'Trẻ có nhiều vết bầm ở lưng và tay.',
    );
    await officer.screenshot({ path: join(shots, 'form-02-refused.png'), fullPage: true });
    await officer.getByLabel('Biện pháp khẩn cấp cần áp dụng').selectOption({ label: 'Can thiệp khẩn cấp' });
    await record(officer);
    expect((await eventTypes(caseId)).at(-1)).toBe('InitialAssessmentCompleted');

    await openStep(officer, caseId, 'Can thiệp khẩn cấp');
    await officer.getByLabel('Đưa trẻ đến nơi an toàn').check();
    await record(officer);

    // A date typed wrongly is named before anything is sent.
    await openStep(officer, caseId, 'Đánh giá chi tiết, họp xác định nhu cầu (Mẫu số 03)');
    await officer.getByLabel('Chăm sóc y tế, trị liệu tâm lý, phục hồi sức khỏe').check();
    await officer.getByLabel('Thời điểm họp xác định nhu cầu').fill('31/02/2026 09:00');
    await officer.getByLabel('Số biên bản cuộc họp').fill('BB-07/2026');
    await officer.getByLabel('Kết quả đánh giá').fill('Cần khám sức khỏe và tư vấn tâm lý.');
    const before = (await eventTypes(caseId)).length;
    await officer.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
    await officer.locator('.error-summary').waitFor();
    expect(await officer.locator('.has-error label').textContent()).toBe('Thời điểm họp xác định nhu cầu');
    expect(await eventTypes(caseId)).toHaveLength(before);
    const meeting = typedTime(new Date(Date.now() - 30 * 60_000));
    await officer.getByLabel('Thời điểm họp xác định nhu cầu').fill(meeting);
    await record(officer);

    // Form 04 with two tasks, one per agency.
    await openStep(officer, caseId, 'Lập kế hoạch hỗ trợ, can thiệp (Mẫu số 04)');
    await officer.getByRole('button', { name: 'Thêm nhiệm vụ' }).click();
    const tasks = officer.locator('fieldset.list-item');
    expect(await tasks.count()).toBe(2);
    const dueDate = new Date(Date.now() + 10 * 86_400_000)
      .toISOString()
      .slice(0, 10)
      .split('-')
      .reverse()
      .join('/');
    for (const [index, [measure, agency, description]] of [
      ['Chăm sóc y tế, trị liệu tâm lý, phục hồi sức khỏe', 'Y tế', 'Khám sức khỏe tại trạm y tế phường.'],
      ['Tư vấn cho cha mẹ, người chăm sóc', 'UBND cấp xã', 'Tư vấn kỹ năng làm cha mẹ.'],
    ].entries()) {
      const task = tasks.nth(index);
      await task.getByLabel('Biện pháp').selectOption({ label: measure as string });
      await task.getByLabel('Cơ quan chịu trách nhiệm').selectOption({ label: agency as string });
      await task.getByLabel('Nội dung').fill(description as string);
      await task.getByLabel('Hạn hoàn thành').fill(dueDate);
    }
    await officer.getByLabel('Tóm tắt').fill('Khám sức khỏe, tư vấn gia đình, theo dõi hằng tuần.');
    expect(await seriousViolations(officer)).toEqual([]);
    await officer.screenshot({ path: join(shots, 'form-04.png'), fullPage: true });
    await record(officer);
    expect((await eventTypes(caseId)).at(-1)).toBe('SupportPlanDrafted');

    // Form 05: the chair's decision, in the chair's own session; the officer is not offered it.
    await officer.goto(`${platform.url}/#/cases/${caseId}`);
    await officer.getByRole('heading', { name: 'Các bước có thể thực hiện' }).waitFor();
    expect(await stepLinks(officer)).not.toContain('Phê duyệt kế hoạch hỗ trợ, can thiệp (Mẫu số 05)');
    await openStep(chair, caseId, 'Phê duyệt kế hoạch hỗ trợ, can thiệp (Mẫu số 05)');
    await chair.getByLabel('Số quyết định').fill('21/QĐ-UBND');
    await record(chair);
    expect((await eventTypes(caseId)).at(-1)).toBe('SupportPlanApproved');

    await openStep(officer, caseId, 'Ghi nhận theo dõi');
    await officer.getByLabel('Tình trạng của trẻ').selectOption({ label: 'Tiến triển tốt' });
    await officer.getByLabel('Ghi chú').fill('Trẻ đi học đều, vết thương đã lành.');
    await record(officer);

    // Form 06 on the four factors.
    await openStep(officer, caseId, 'Đánh giá kết quả thực hiện kế hoạch (Mẫu số 06)');
    for (const factor of [
      'Mức độ tổn hại còn lại',
      'Khả năng tiếp cận của người gây tổn hại',
      'Trở ngại của môi trường chăm sóc',
    ])
      await officer.getByLabel(factor).selectOption({ label: 'Thấp' });
    await officer.getByLabel('Khả năng tự bảo vệ của trẻ').selectOption({ label: 'Cao' });
    await officer.getByLabel('Đề xuất').selectOption({ label: 'Đề nghị kết thúc kế hoạch, đóng hồ sơ' });
    await record(officer);

    await openStep(chair, caseId, 'Kết thúc, đóng hồ sơ');
    await chair.getByLabel('Lý do').selectOption({ label: 'Trẻ em đã ổn định' });
    await record(chair);
    expect(await eventTypes(caseId)).toEqual([
      'ReportReceived',
      'ReportForwardedToCommune',
      'InitialAssessmentCompleted',
      'EmergencyInterventionTaken',
      'DetailedAssessmentCompleted',
      'SupportPlanDrafted',
      'SupportPlanApproved',
      'MonitoringVisitRecorded',
      'CaseReviewed',
      'CaseClosed',
    ]);
    await chair.getByRole('heading', { name: 'Diễn biến vụ việc' }).waitFor();
    expect(await chair.locator('.status strong').textContent()).toBe('Đã đóng hồ sơ');
    expect(await stepLinks(chair)).toEqual(['Mở lại hồ sơ']);
    await chair.screenshot({ path: join(shots, 'closed.png'), fullPage: true });
  });

  it('a step form at 360 px and by keyboard alone: no sideways scrolling, recorded with Enter', async () => {
    const caseId = await reportByHotline();
    const officer = await signedIn('commune_officer', { width: 360, height: 740 });
    await openStep(officer, caseId, 'Can thiệp khẩn cấp');
    expect(await officer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // Tab from the page's top to the first choice, tick it with the space bar, Tab on to the button, Enter.
    const focusedIs = (selector: string) =>
      officer.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector);
    for (let presses = 0; presses < 30 && !(await focusedIs('input[type="checkbox"]')); presses++)
      await officer.keyboard.press('Tab');
    await officer.keyboard.press('Space');
    for (let presses = 0; presses < 30 && !(await focusedIs('button[type="submit"]')); presses++)
      await officer.keyboard.press('Tab');
    await officer.keyboard.press('Enter');
    await officer.locator('.notice[role="status"]').waitFor();
    expect((await eventTypes(caseId)).at(-1)).toBe('EmergencyInterventionTaken');
    await officer.screenshot({ path: join(shots, 'step-360.png'), fullPage: true });
  });

  it('a double click records a step once; a stale form says someone else changed the case, shows what, and keeps the input', async () => {
    const caseId = await reportByHotline();
    const first = await signedIn('commune_officer');
    const second = await signedIn('commune_officer');
    await openStep(first, caseId, 'Can thiệp khẩn cấp');
    await openStep(second, caseId, 'Can thiệp khẩn cấp');
    await first.getByLabel('Sơ cứu, cấp cứu cho trẻ').check();
    await first.getByRole('button', { name: 'Ghi nhận', exact: true }).dblclick();
    await first.locator('.notice[role="status"]').waitFor();
    expect(await eventTypes(caseId)).toEqual(['ReportReceived', 'EmergencyInterventionTaken']);

    // The second officer's form was opened at the earlier revision.
    await second.getByLabel('Đưa trẻ đến nơi an toàn').check();
    await second.getByLabel('Ghi chú').fill('Đưa trẻ về nhà bà ngoại.');
    await second.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
    await second.locator('.error-summary').waitFor();
    expect(await second.locator('.error-summary').textContent()).toContain(
      'Người khác vừa cập nhật vụ việc này',
    );
    await second.locator('.changes li').first().waitFor();
    expect(await second.locator('.changes .event-title').allTextContents()).toEqual(['Can thiệp khẩn cấp']);
    expect(await second.getByLabel('Ghi chú').inputValue()).toBe('Đưa trẻ về nhà bà ngoại.');
    expect(await second.getByLabel('Đưa trẻ đến nơi an toàn').isChecked()).toBe(true);
    expect(await seriousViolations(second)).toEqual([]);
    await second.screenshot({ path: join(shots, 'conflict.png'), fullPage: true });
    expect(await eventTypes(caseId)).toHaveLength(2);
    // Sent again, at the revision now seen.
    await record(second);
    expect(await eventTypes(caseId)).toEqual([
      'ReportReceived',
      'EmergencyInterventionTaken',
      'EmergencyInterventionTaken',
    ]);
  });

  it('the chair is not offered the officer’s assessment, and the same request forged from the chair’s browser is refused', async () => {
    // Received at the commune itself: it is at the commune, waiting for the officer's Form 02.
    const caseId = await reportByHotline(platform, 'commune_officer');
    const chair = await signedIn('commune_chair');
    await chair.goto(`${platform.url}/#/cases/${caseId}`);
    await chair.getByRole('heading', { name: 'Các bước có thể thực hiện' }).waitFor();
    expect(await stepLinks(chair)).not.toContain('Đánh giá nguy cơ ban đầu (Mẫu số 02)');
    // The step's own address, typed in: the form is not shown.
    await chair.goto(`${platform.url}/#/cases/${caseId}/CompleteInitialAssessment`);
    await chair.getByRole('alert').waitFor();
    expect(await chair.getByRole('alert').textContent()).toBe(
      'Bước này hiện không thực hiện được với vụ việc này.',
    );
    const answer = await chair.evaluate(
      async ({ token, id }) => {
        const response = await fetch('/graphql', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            query: `mutation F($id: ID!, $data: JSON!) {
              caseCommand(caseId: $id, expectedRevision: 0, type: CompleteInitialAssessment, data: $data) { revision }
            }`,
            variables: {
              id,
              data: {
                assessedAt: new Date().toISOString(),
                riskLevel: 'LOW',
                childInSeriousDanger: false,
                emergencyMeasure: 'NONE',
                findings: 'Không có dấu hiệu nguy hiểm.',
              },
            },
          }),
        });
        return (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
      },
      { token: platform.tokens.commune_chair, id: caseId },
    );
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await eventTypes(caseId)).toEqual(['ReportReceived']);
  });

  it('an expired session sends the officer to sign in again, and the step’s draft is still there after it', async () => {
    const shortDir = await mkdtemp(join(tmpdir(), 'chungtay-console-expiry-'));
    const short = await startEmbedded({
      dataDir: shortDir,
      port: 0,
      deadlineCheckMs: 0,
      demo: { cases: 2 },
      signInLifetime: '10s',
    });
    try {
      const caseId = await reportByHotline(short);
      const officer = await signedIn('commune_officer', undefined, short);
      // The token was minted before the queue showed: it expires at most its lifetime from now.
      const signedAt = Date.now();
      await openStep(officer, caseId, 'Can thiệp khẩn cấp', short);
      await officer.getByLabel('Bảo vệ dấu vết, chứng cứ').check();
      await officer.getByLabel('Ghi chú').fill('Giữ nguyên hiện trường.');
      // The token has expired (its lifetime is 10 s, counted in whole seconds) when the officer sends the step.
      await waitFor(async () => (Date.now() > signedAt + 11_000 ? true : undefined), { timeoutMs: 30_000 });
      await officer.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
      await officer.getByText('Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.').waitFor();
      expect(await eventTypes(caseId, short)).toEqual(['ReportReceived']);
      await officer.getByRole('button', { name: /Người làm công tác bảo vệ trẻ em cấp xã/ }).click();
      // Back on the same step, with what was typed.
      await officer.getByRole('heading', { name: 'Can thiệp khẩn cấp', level: 1 }).waitFor();
      expect(await officer.getByLabel('Ghi chú').inputValue()).toBe('Giữ nguyên hiện trường.');
      expect(await officer.getByLabel('Bảo vệ dấu vết, chứng cứ').isChecked()).toBe(true);
      await record(officer);
      expect(await eventTypes(caseId, short)).toEqual(['ReportReceived', 'EmergencyInterventionTaken']);
    } finally {
      await short.stop();
      await rm(shortDir, { recursive: true, force: true });
    }
  });

  it('an officer takes a case: the case page says it is theirs, and their queue’s “my cases” lists it', async () => {
    const caseId = await reportByHotline(platform, 'commune_officer');
    const officer = await signedIn('commune_officer');
    await officer.goto(`${platform.url}/#/cases/${caseId}`);
    await officer.getByText('Chưa có người phụ trách').waitFor();
    await openStep(officer, caseId, 'Nhận phụ trách vụ việc');
    await record(officer);
    await officer.getByText('Bạn phụ trách vụ việc này').waitFor();
    // Taken: the officer is not offered to take it again.
    expect(await stepLinks(officer)).not.toContain('Nhận phụ trách vụ việc');
    // The chair reads that someone manages it, and may reassign it.
    const chair = await signedIn('commune_chair');
    await chair.goto(`${platform.url}/#/cases/${caseId}`);
    await chair.getByText('Một cán bộ khác phụ trách').waitFor();
    expect(await stepLinks(chair)).toContain('Phân công người phụ trách vụ việc');
    await officer.goto(`${platform.url}/#/`);
    await officer.getByLabel('Người phụ trách').selectOption({ label: 'Vụ việc tôi phụ trách' });
    // The list shown until the filtered one arrives holds it too: wait for the filtered list itself.
    await expect.poll(() => officer.locator('.queue .case').count()).toBe(1);
    await officer.locator(`.queue a[href="#/cases/${caseId}"]`).waitFor();
    expect(await seriousViolations(officer)).toEqual([]);
  });

  it('refers the child to an agency from the case page, as the referral service offers it to the commune', async () => {
    const caseId = await reportByHotline(platform, 'commune_officer');
    const officer = await signedIn('commune_officer');
    await openStep(officer, caseId, 'Chuyển gửi đến cơ quan, tổ chức cung cấp dịch vụ');
    await officer.getByLabel('Cơ quan nhận').selectOption({ label: 'Y tế' });
    await officer.getByLabel('Lý do').fill('Cần khám sức khỏe cho trẻ.');
    await officer.getByLabel('Mức độ khẩn cấp').selectOption({ label: 'Khẩn' });
    const due = typedTime(new Date(Date.now() + 2 * 86_400_000));
    await officer.getByLabel('Hạn', { exact: false }).first().fill(due);
    await officer
      .getByLabel('Căn cứ chia sẻ thông tin')
      .selectOption({ label: 'Theo quy định của pháp luật' });
    expect(await seriousViolations(officer)).toEqual([]);
    await record(officer);
    const issued = (await platform.store.readStream(`case-${caseId}`)).find(
      (event) => event.type === 'ReferralIssued',
    );
    expect(issued?.data).toMatchObject({
      toAgency: 'health',
      urgency: 'URGENT',
      sharingBasis: 'LEGAL_DUTY',
      source: 'OFFICER',
    });
    // The school is not offered it: the referral service would refuse it.
    const school = await signedIn('school_safety_officer');
    await school.goto(`${platform.url}/#/cases/${caseId}`);
    // Once the page has answered (the case, or "no such case": the school takes no part in it).
    await school.locator('main h1, main [role="alert"]').first().waitFor();
    expect(
      await school.getByRole('link', { name: 'Chuyển gửi đến cơ quan, tổ chức cung cấp dịch vụ' }).count(),
    ).toBe(0);
  });

  it('finds a long case’s plan for the chair’s decision, though it is older than the timeline’s page', async () => {
    const caseId = await reportByHotline(platform, 'commune_officer');
    const command = async (role: Role, revision: number, type: string, data: Record<string, unknown>) => {
      const response = await fetch(`${platform.url}/cases/${caseId}/commands`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${platform.tokens[role]}`,
          'content-type': 'application/json',
          'if-match': `"${revision}"`,
        },
        body: JSON.stringify({ type, data }),
      });
      expect(response.status, await response.clone().text()).toBe(200);
      return ((await response.json()) as { revision: number }).revision;
    };
    const at = () => new Date(Date.now() - 60_000).toISOString();
    let revision = await command('commune_officer', 0, 'CompleteInitialAssessment', {
      assessedAt: at(),
      riskLevel: 'MEDIUM',
      childInSeriousDanger: false,
      emergencyMeasure: 'NONE',
      findings: 'Trẻ cần được hỗ trợ.',
    });
    revision = await command('commune_officer', revision, 'CompleteDetailedAssessment', {
      assessedAt: at(),
      needs: ['MEDICAL_CARE'],
      needsMeetingHeldAt: at(),
      meetingMinutesReference: 'BB-09/2026',
      findings: 'Cần khám sức khỏe.',
    });
    revision = await command('commune_officer', revision, 'DraftSupportPlan', {
      planId: randomUUID(),
      draftedAt: at(),
      summary: 'Khám sức khỏe.',
      tasks: [
        {
          taskId: randomUUID(),
          measure: 'MEDICAL_CARE',
          responsibleAgency: 'health',
          description: 'Khám tại trạm y tế.',
          dueDate: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
        },
      ],
    });
    // More than a page of later events: the plan is not among the latest 100.
    for (let step = 0; step < 101; step++)
      revision = await command('commune_officer', revision, 'RecordEmergencyIntervention', {
        takenAt: at(),
        actions: ['MOVED_TO_SAFETY'],
      });
    const chair = await signedIn('commune_chair');
    // The case page shows the latest 100 steps, and the earlier ones on request, down to the report.
    await chair.goto(`${platform.url}/#/cases/${caseId}`);
    // Entries only (an entry's own lists, such as a plan's tasks, are not steps).
    await chair.locator('.timeline > li').nth(99).waitFor();
    expect(await chair.locator('.timeline > li').count()).toBe(100);
    await chair.getByRole('button', { name: 'Xem các bước trước đó' }).click();
    const recorded = await eventTypes(caseId);
    expect(recorded.length).toBeGreaterThan(100);
    await chair
      .locator('.timeline > li')
      .nth(recorded.length - 1)
      .waitFor();
    // Every step once, in order: the earlier page ends where the latest begins.
    expect(await chair.locator('.timeline > li').count()).toBe(recorded.length);
    expect(await chair.locator('.timeline .event-title').first().textContent()).toBe(
      'Tiếp nhận thông báo, tố giác (Mẫu số 01)',
    );
    expect(await chair.getByRole('button', { name: 'Xem các bước trước đó' }).count()).toBe(0);
    await openStep(chair, caseId, 'Phê duyệt kế hoạch hỗ trợ, can thiệp (Mẫu số 05)');
    await chair.getByLabel('Số quyết định').fill('30/QĐ-UBND');
    await record(chair);
    expect((await eventTypes(caseId)).at(-1)).toBe('SupportPlanApproved');
  });
});
