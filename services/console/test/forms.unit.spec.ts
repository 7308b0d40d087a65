import { ReportReceived } from '@chungtay/contracts/browser';
import { describe, expect, it } from 'vitest';
import { deadlineLeft, formatDateTime, parseTypedDate, parseTypedInstant } from '../src/format.ts';
import { dataSchemaOf, type Field, fieldsOf } from '../src/forms/describe.ts';
import { type Draft, initialDraft, pathKey, toData } from '../src/forms/draft.ts';
import { type CaseStep, fieldWords, stepWords } from '../src/steps.ts';

const STEPS = Object.keys(stepWords) as CaseStep[];

/** Every field of a form, nested ones included, with its path. */
function walk(fields: readonly Field[], path = ''): Array<{ path: string; field: Field }> {
  return fields.flatMap((field) => {
    const here = { path: `${path}${field.name}`, field };
    if (field.spec.kind === 'group') return [here, ...walk(field.spec.fields, `${here.path}.`)];
    if (field.spec.kind === 'list') return [here, ...walk(field.spec.item, `${here.path}.0.`)];
    return [here];
  });
}

describe('forms read from the contracts’ command schemas', () => {
  it('has a form for every step, every field labelled in Vietnamese and every choice with its legal label', () => {
    for (const step of STEPS) {
      for (const { path, field } of walk(fieldsOf(dataSchemaOf(step)))) {
        expect(fieldWords[field.name]?.vi, `${step}: ${path}`).toBeTruthy();
        if (field.spec.kind === 'choice' || field.spec.kind === 'choices')
          for (const code of field.spec.codes)
            expect(field.spec.labels[code], `${step}: ${path} ${code}`).not.toBe(code);
      }
    }
  });

  it('reads the kinds of field from the schema: dates, communes, choices, lists, nested groups', () => {
    const kinds = (step: CaseStep) =>
      Object.fromEntries(
        walk(fieldsOf(dataSchemaOf(step))).map(({ path, field }) => [path, field.spec.kind]),
      );
    expect(kinds('ForwardToCommune')).toEqual({ toCommuneCode: 'commune', forwardedAt: 'instant' });
    expect(kinds('ReviewCase')).toMatchObject({
      ratings: 'group',
      'ratings.remainingHarm': 'choice',
      notes: 'text',
    });
    expect(kinds('DraftSupportPlan')).toMatchObject({
      tasks: 'list',
      'tasks.0.dueDate': 'date',
      'tasks.0.taskId': 'id',
    });
    expect(kinds('ReferForProsecution')).toMatchObject({ offences: 'lines' });
    const optional = fieldsOf(dataSchemaOf('CloseCase')).find((field) => field.name === 'decisionNumber');
    expect(optional?.optional).toBe(true);
  });

  it('turns a filled draft into data the service’s own schema accepts, leaving empty optional fields out', () => {
    const schema = dataSchemaOf('DraftSupportPlan');
    const fields = fieldsOf(schema);
    const draft = initialDraft(fields, {}, new Date('2026-12-01T03:00:00Z'));
    const [task] = draft.tasks as readonly Draft[];
    const filled: Draft = {
      ...draft,
      summary: ' Khám sức khỏe, theo dõi. ',
      tasks: [
        {
          ...task,
          measure: 'MEDICAL_CARE',
          responsibleAgency: 'health',
          description: 'Khám.',
          dueDate: '15/12/2026',
        },
      ],
    };
    const data = toData(fields, filled);
    const parsed = schema.safeParse(data);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(data).toMatchObject({
      draftedAt: '2026-12-01T10:00:00+07:00',
      summary: 'Khám sức khỏe, theo dõi.',
      tasks: [{ dueDate: '2026-12-15', measure: 'MEDICAL_CARE' }],
    });
    expect((data.tasks as Array<Record<string, unknown>>)[0]).not.toHaveProperty('responsibleUnit');
    expect(data.planId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('passes a date it cannot read on as typed, so the schema names that very field', () => {
    const schema = dataSchemaOf('CompleteDetailedAssessment');
    const fields = fieldsOf(schema);
    const draft = {
      ...initialDraft(fields),
      needs: ['LEGAL_AID'],
      needsMeetingHeldAt: '31/02/2026 09:00',
      meetingMinutesReference: 'BB-1',
      findings: 'x',
    };
    const parsed = schema.safeParse(toData(fields, draft));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => pathKey(issue.path))).toEqual(['needsMeetingHeldAt']);
  });

  it('takes picked and given ids from the case, and makes new ones otherwise', () => {
    const fields = fieldsOf(dataSchemaOf('CompleteInterventionTask'));
    const draft = initialDraft(fields, {
      planId: { given: 'plan-1' },
      taskId: { pick: [{ value: 'task-1', label: 'Khám' }] },
    });
    expect(draft.planId).toBe('plan-1');
    // The only open task is chosen for the person; with several, they pick.
    expect(draft.taskId).toBe('task-1');
    const several = initialDraft(fields, {
      taskId: {
        pick: [
          { value: 'a', label: 'A' },
          { value: 'b', label: 'B' },
        ],
      },
    });
    expect(several.taskId).toBe('');
  });

  it('also reads Form 01’s schema (the intake’s), nested objects and all', () => {
    expect(() => fieldsOf(ReportReceived.omit({ receivingAgency: true, reporter: true }))).not.toThrow();
  });
});

describe('dates as officials type them', () => {
  it('reads dd/MM/yyyy HH:mm as Asia/Ho_Chi_Minh, and refuses what is not a time', () => {
    expect(parseTypedInstant('01/12/2026 14:30')).toBe('2026-12-01T14:30:00+07:00');
    expect(parseTypedInstant('1/2/2026 7:05')).toBe('2026-02-01T07:05:00+07:00');
    for (const wrong of ['31/02/2026 09:00', '01/12/2026 24:00', '2026-12-01 14:30', '01/13/2026 10:00', ''])
      expect(parseTypedInstant(wrong), wrong).toBeUndefined();
    expect(parseTypedDate('15/12/2026')).toBe('2026-12-15');
    expect(parseTypedDate('30/02/2026')).toBeUndefined();
    // What the form shows is what it reads back.
    expect(parseTypedInstant(formatDateTime('2026-12-01T03:15:00Z'))).toBe('2026-12-01T10:15:00+07:00');
  });
});

describe('what is left of a deadline, in the law’s own unit', () => {
  const now = new Date('2026-03-02T10:00:00+07:00');
  it('says working days for a working-day deadline, and hours or days of the clock otherwise', () => {
    expect(deadlineLeft({ dueAt: '2026-03-06T17:00:00+07:00', workingDaysLeft: 4 }, now, 'vi')).toEqual({
      text: 'còn 4 ngày làm việc',
      overdue: false,
    });
    expect(deadlineLeft({ dueAt: '2026-02-27T17:00:00+07:00', workingDaysLeft: -1 }, now, 'vi')).toEqual({
      text: 'quá hạn 1 ngày làm việc',
      overdue: true,
    });
    expect(deadlineLeft({ dueAt: '2026-03-02T17:00:00+07:00', workingDaysLeft: 0 }, now, 'en').text).toBe(
      'due today',
    );
    expect(deadlineLeft({ dueAt: '2026-03-02T15:00:00+07:00', workingDaysLeft: null }, now, 'vi').text).toBe(
      'còn 5 giờ',
    );
  });
});
