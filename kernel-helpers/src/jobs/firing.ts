import type { ActiveAttempt, AttemptOwner, JobRecord, NewAttempt } from '../store/jobs/types';
import { newAttempt, StartedAttempt } from './attempt-types';
import { nextTime, timesBetween } from './cron';
import { newVersionDue } from './data-trigger';
import type { SchedulerOptions } from './scheduler-options';

/** At most this many missed slots of one job are recorded when the scheduler comes back. */
const MAX_MISSED_RECORDED = 100;

/** What the scheduler lends to firing: starting an attempt, telling of a change, its running attempts. */
export interface FiringHooks {
  launch(job: JobRecord, attempt: NewAttempt): Promise<void>;
  changed(jobId: string): void;
  running(attemptId: string): StartedAttempt | undefined;
}

/**
 * What starts a job by itself, checked on each scheduler tick: the slots of its schedule and the
 * new versions of its trigger dataset. Each takes a lease in the store (a slot's or a version's
 * row, whose key lets one INSERT win), so it starts once whatever the number of schedulers.
 * Missed slots within the starting deadline run once after a restart, older ones are recorded
 * missed; a burst of versions within the debounce starts one attempt, for the newest, which the
 * notebook loads. Concurrency follows the job's policy.
 */
export class JobFiring {
  private readonly cursors = new Map<string, number>();

  constructor(
    private readonly options: SchedulerOptions,
    private readonly owner: AttemptOwner,
    private readonly hooks: FiringHooks
  ) {}

  /** Fires what of the job is due at `now`; returns when something is due next (ms). */
  async fire(job: JobRecord, now: number): Promise<number> {
    let wake = Infinity;
    if (job.schedule) {
      await this.fireDue(job, now);
      wake = nextTime(job.schedule, now) ?? Infinity;
    }
    if (job.onNewVersion) {
      wake = Math.min(wake, await this.fireNewVersion(job, now));
    }
    return wake;
  }

  private async fireDue(job: JobRecord, now: number): Promise<void> {
    const { jobs } = this.options;
    // Slots before the last change (creation, resume, a new schedule) are not owed.
    const known = this.cursors.get(job.id) ?? (await jobs.lastSlot(job.id)) ?? -Infinity;
    const after = Math.max(known, Date.parse(job.updatedAt));
    const due = timesBetween(job.schedule!, after, now, MAX_MISSED_RECORDED + 1);
    const deadlineMs = job.startingDeadlineSeconds * 1000;
    for (const [i, slot] of due.entries()) {
      this.cursors.set(job.id, slot);
      const latest = i === due.length - 1;
      if (!latest || now - slot > deadlineMs) {
        const why = latest
          ? `missed: due at ${iso(slot)}, ${Math.round((now - slot) / 1000)} s ago, past the starting deadline of ${job.startingDeadlineSeconds} s`
          : `missed: due at ${iso(slot)} while the scheduler was not running; a later slot ran instead`;
        await this.claimEnded(job, slot, 'missed', why, now);
        continue;
      }
      await this.fireSlot(job, slot, now);
    }
  }

  private async fireSlot(job: JobRecord, slot: number, now: number): Promise<void> {
    const attempt = newAttempt(this.owner, job, 'schedule', slot, 1, 'running', this.options.clock.now());
    await this.claimAndLaunch(job, attempt, `the slot at ${iso(slot)}`, now, busy =>
      this.claimEnded(
        job,
        slot,
        'skipped',
        `skipped: attempt ${busy.attempt} of the slot ${busy.slot} was ${busy.status} (concurrency forbid)`,
        now
      )
    );
  }

  /**
   * Starts an attempt for the trigger dataset's newest version once its burst is quiet; returns
   * when to look again. Under forbid a version waits while an attempt is active (not skipped).
   */
  private async fireNewVersion(job: JobRecord, now: number): Promise<number> {
    const { jobs, datasets, clock } = this.options;
    const trigger = job.onNewVersion!;
    if (!datasets) {
      return Infinity;
    }
    const seen = (await jobs.lastVersion(job.id, trigger.dataset)) ?? 0;
    const due = await newVersionDue(datasets, trigger, seen, Date.parse(job.updatedAt), now);
    if (due.fire) {
      const newVersion = { dataset: trigger.dataset, version: due.fire.version };
      const first = newAttempt(this.owner, job, 'dataset', due.fire.createdAt, 1, 'running', clock.now());
      const what = `version ${newVersion.version} of ${newVersion.dataset}`;
      await this.claimAndLaunch(job, { ...first, newVersion }, what, now);
    }
    return due.wakeAt ?? Infinity;
  }

  /**
   * Takes the attempt's lease (its slot or version) and starts it as the job's concurrency policy
   * says; `whileBusy`: what forbid does instead while another attempt is active.
   */
  private async claimAndLaunch(
    job: JobRecord,
    attempt: NewAttempt,
    what: string,
    now: number,
    whileBusy?: (busy: ActiveAttempt) => Promise<void>
  ): Promise<void> {
    const active = await this.options.jobs.active(job.id);
    if (active.length > 0 && job.concurrency === 'forbid') {
      await whileBusy?.(active[0]);
      return;
    }
    if (!(await this.options.jobs.claimSlot(attempt))) {
      return; // Another scheduler took it.
    }
    if (job.concurrency === 'replace') {
      for (const old of active) {
        await this.replace(old, `replaced by ${what} (concurrency replace)`, now);
      }
    }
    this.hooks.changed(job.id);
    await this.hooks.launch(job, attempt);
  }

  /** Takes a slot that does not run (missed, skipped), recording why. */
  private async claimEnded(
    job: JobRecord,
    slot: number,
    status: 'missed' | 'skipped',
    why: string,
    now: number
  ): Promise<void> {
    const attempt = {
      ...newAttempt(this.owner, job, 'schedule', slot, 0, status, null),
      endTime: now,
      error: why
    };
    if (await this.options.jobs.claimSlot(attempt)) {
      this.hooks.changed(job.id);
    }
  }

  private async replace(old: ActiveAttempt, reason: string, now: number): Promise<void> {
    const marked = await this.options.jobs.updateAttempt(
      old.id,
      { status: 'killed', endTime: now, error: reason },
      [old.status]
    );
    if (!marked || old.status === 'waiting') {
      return;
    }
    const mine = this.hooks.running(old.id);
    if (mine) {
      mine.kill(reason);
    } else if (old.owner.host === this.owner.host && old.childPid) {
      try {
        process.kill(old.childPid, 'SIGTERM');
      } catch {
        // It ended meanwhile.
      }
    }
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
