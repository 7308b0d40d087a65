import { AgencyLabels, InterventionMeasures, Relations } from '@chungtay/contracts/browser';
import type { IdSource } from './forms/draft.ts';
import type { ConsoleStep } from './steps.ts';

/** A timeline entry as the reader's lens shows it (data null when redacted). */
export interface SeenEntry {
  readonly revision: number;
  readonly type: string;
  readonly data: unknown;
}

interface PlanData {
  readonly planId: string;
  readonly tasks: ReadonlyArray<{
    readonly taskId: string;
    readonly measure: keyof typeof InterventionMeasures.labels;
    readonly responsibleAgency: keyof typeof AgencyLabels;
    readonly dueDate: string;
  }>;
}

/** The events the ids of a step come from: asked for on their own, so a long case's older plan is found too. */
export const ID_SOURCE_TYPES = [
  'ReportReceived',
  'SupportPlanDrafted',
  'InterventionTaskCompleted',
  'InvestigationOpened',
  'InvestigationClosed',
];

const dataOf = <Data>(entries: readonly SeenEntry[], type: string): Data[] =>
  entries.filter((entry) => entry.type === type && entry.data).map((entry) => entry.data as Data);

const dayOf = (date: string) => date.split('-').reverse().join('/');

/**
 * Which plan, task, investigation or person a step is about, from what the reader's timeline shows: the
 * latest plan's id is given, open tasks and investigations are picked. The case service still checks them.
 */
export function idSourcesFor(step: ConsoleStep, entries: readonly SeenEntry[]): Record<string, IdSource> {
  const sources: Record<string, IdSource> = {};
  const plan = dataOf<PlanData>(entries, 'SupportPlanDrafted').at(-1);
  if (plan && step !== 'DraftSupportPlan') sources.planId = { given: plan.planId };
  if (step === 'CompleteInterventionTask' && plan) {
    const done = new Set(
      dataOf<{ taskId: string }>(entries, 'InterventionTaskCompleted').map((task) => task.taskId),
    );
    sources.taskId = {
      pick: plan.tasks
        .filter((task) => !done.has(task.taskId))
        .map((task) => ({
          value: task.taskId,
          label: `${InterventionMeasures.labels[task.measure]} — ${AgencyLabels[task.responsibleAgency]} — ${dayOf(task.dueDate)}`,
        })),
    };
  }
  if (step !== 'OpenInvestigation') {
    const closed = new Set(
      dataOf<{ investigationId: string }>(entries, 'InvestigationClosed').map((item) => item.investigationId),
    );
    const open = dataOf<{ investigationId: string; unit: string }>(entries, 'InvestigationOpened').filter(
      (item) => !closed.has(item.investigationId),
    );
    if (open.length > 0)
      sources.investigationId = {
        pick: open.map((item) => ({ value: item.investigationId, label: item.unit })),
      };
  }
  if (step === 'ErasePersonData') {
    const report = dataOf<{
      relatives: ReadonlyArray<{ personId: string; relation: keyof typeof Relations.labels }>;
      reporter: { reporterId?: string };
    }>(entries, 'ReportReceived')[0];
    sources.subjectId = {
      pick: [
        ...(report?.relatives ?? []).map((relative) => ({
          value: relative.personId,
          label: Relations.labels[relative.relation],
        })),
        ...(report?.reporter.reporterId
          ? [{ value: report.reporter.reporterId, label: 'Người thông báo' }]
          : []),
      ],
    };
  }
  return sources;
}
