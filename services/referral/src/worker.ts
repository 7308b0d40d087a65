import { isInfrastructureError } from '@chungtay/event-store';
import type { Logger } from 'pino';
import type { ReferralApplication } from './application.ts';
import { reactionsTo } from './reactions.ts';
import type { ReferralReadModel } from './read-model.ts';

export interface ReferralWorkerOptions {
  readonly application: ReferralApplication;
  readonly readModel: ReferralReadModel;
  readonly intervalMs: number;
  readonly clock?: () => Date;
  readonly logger?: Logger;
}

/**
 * The platform's own work on referrals: issuing the referrals its reactions call for, and escalating
 * unanswered ones past due. Both are commands through the decider, so running several workers at once (or a
 * worker after a crash) records each referral and each escalation once.
 */
export class ReferralWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: ReferralWorkerOptions) {}

  start(): void {
    if (this.options.intervalMs > 0)
      this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
  }

  /** One pass: reactions first (they create referrals), then escalations. */
  tick(): Promise<void> {
    this.running = this.running
      .then(() => this.pass())
      .catch((error: unknown) => {
        this.options.logger?.error(
          { err: { name: (error as Error).name, message: (error as Error).message } },
          'referral worker pass failed',
        );
      });
    return this.running;
  }

  private async pass(): Promise<void> {
    const { application, readModel, logger } = this.options;
    const system = { system: 'referral-worker' };
    const now = (this.options.clock ?? (() => new Date()))();
    // Each trigger on its own: one that fails is tried again later and, failing still, set aside; the
    // others go on. An unavailable database ends the pass (it says nothing about the trigger).
    for (const trigger of await readModel.pendingTriggers(now)) {
      try {
        const loaded = await application.load(trigger.caseId);
        for (const command of reactionsTo(trigger, loaded.state.caseState))
          await application.handle(trigger.caseId, command.data.referralId, command, { caller: system });
        await readModel.triggerDone(trigger.eventId);
      } catch (error) {
        if (isInfrastructureError(error)) throw error;
        const reason = `${(error as Error).name}: ${(error as Error).message}`;
        const outcome = await readModel.triggerFailed(trigger.eventId, reason, now);
        logger?.[outcome === 'set-aside' ? 'error' : 'warn'](
          { eventId: trigger.eventId, caseId: trigger.caseId, trigger: trigger.type, reason, outcome },
          outcome === 'set-aside'
            ? 'reaction set aside for an operator'
            : 'reaction failed; tried again later',
        );
      }
    }
    for (const { caseId, referralId } of await readModel.overdue(now)) {
      try {
        await application.handle(
          caseId,
          referralId,
          { type: 'EscalateReferral', data: {} },
          { caller: system },
        );
      } catch (error) {
        if (isInfrastructureError(error)) throw error;
        logger?.error(
          { caseId, referralId, err: { name: (error as Error).name, message: (error as Error).message } },
          'escalation failed; tried again next pass',
        );
      }
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
