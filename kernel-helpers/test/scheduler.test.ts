import { Scheduler } from '../src/jobs/scheduler';
import { openStore } from '../src/store/engine/open';
import type { AttemptRecord, JobRecord } from '../src/store/jobs/types';
import type { Store } from '../src/store/engine/store';
import { ENGINES, storePerTest } from './helpers/engines';
import { addJob, fakeStarter, TestClock } from './helpers/scheduler';

/** 2026-11-27 09:00:00 UTC, a whole minute. */
const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);
const MINUTE = 60_000;

describe.each(ENGINES)('the scheduler core (injected clock, real %s store)', engine => {
  const t = storePerTest(engine);
  let store: Store;
  let clock: TestClock;
  let starter: ReturnType<typeof fakeStarter>;
  let scheduler: Scheduler;

  const makeScheduler = (on: Store = store, owner?: Scheduler['owner']) =>
    new Scheduler({ jobs: on.jobs, clock, startAttempt: starter.start, owner });
  const history = async (job: JobRecord): Promise<AttemptRecord[]> =>
    (await store.jobs.history(job.id)).reverse();

  /** A job without a schedule (and with `retries` when given), run now a second after T0. */
  const runNowUnscheduled = async (name: string, retries?: JobRecord['retries']) => {
    const job = await addJob(store, { name, createdAt: T0, schedule: null, ...(retries && { retries }) });
    clock.time = T0 + 1000;
    return { job, ...(await scheduler.runNow(job)) };
  };

  /** An every-minute job of `concurrency` (named after it), ticked at T0 and at T0 + 1 minute. */
  const twoSlotsOf = async (concurrency: JobRecord['concurrency']) => {
    const job = await addJob(store, { name: concurrency, createdAt: T0 - 30_000, concurrency });
    clock.time = T0;
    await scheduler.tick();
    clock.time = T0 + MINUTE;
    await scheduler.tick();
    return job;
  };

  beforeEach(() => {
    store = t.store;
    clock = new TestClock(T0 - 5 * MINUTE);
    starter = fakeStarter(clock);
    scheduler = makeScheduler();
  });

  test('fires a slot at its due time, not before, and records the attempt from running to succeeded', async () => {
    const job = await addJob(store, {
      name: 'hourly',
      createdAt: T0 - 5 * MINUTE,
      schedule: { cron: '0 * * * *', timezone: 'UTC' }
    });
    clock.time = T0 - 1;
    await scheduler.tick();
    expect(starter.attempts).toHaveLength(0);
    expect(scheduler.nextWake).toBe(T0);

    clock.time = T0 + 3;
    await scheduler.tick();
    expect(starter.attempts.map(a => [a.context.job.id, a.context.slot, a.context.attempt])).toEqual([
      [job.id, T0, 1]
    ]);
    expect((await history(job))[0]).toMatchObject({
      status: 'running',
      slot: new Date(T0).toISOString(),
      attempt: 1
    });

    starter.attempts[0].finish({ runId: 'f'.repeat(32) });
    await scheduler.settled();
    const [done] = await history(job);
    expect(done).toMatchObject({ status: 'succeeded', runId: 'f'.repeat(32), error: null });
    await scheduler.tick();
    expect(starter.attempts).toHaveLength(1);
  });

  test('never fires a job owned by Airflow, Kubernetes or Argo; fires it once it is mlnb-owned again', async () => {
    const others = await Promise.all(
      (['airflow', 'kubernetes', 'argo'] as const).map(engine =>
        addJob(store, { name: `on ${engine}`, createdAt: T0 - 5 * MINUTE, engine })
      )
    );
    const own = await addJob(store, { name: 'on mlnb', createdAt: T0 - 5 * MINUTE });
    clock.time = T0;
    await scheduler.tick();
    expect(starter.attempts.map(a => a.context.job.id)).toEqual([own.id]);
    for (const job of others) {
      expect(await history(job)).toEqual([]);
    }

    await store.jobs.update(others[0].id, { engine: 'mlnb' }, T0);
    clock.time = T0 + MINUTE;
    await scheduler.tick();
    expect(starter.attempts.map(a => a.context.job.id)).toContain(others[0].id);
  });

  test('reads the cron fields in the job time zone', async () => {
    const job = await addJob(store, {
      name: 'berlin',
      createdAt: T0 - 5 * MINUTE,
      schedule: { cron: '0 10 * * *', timezone: 'Europe/Berlin' }
    });
    clock.time = T0 - 5 * MINUTE + 1;
    await scheduler.tick();
    expect(scheduler.nextWake).toBe(T0); // 10:00 in Berlin is 09:00 UTC in November.
    clock.time = T0;
    await scheduler.tick();
    expect(starter.attempts.map(a => a.context.job.id)).toEqual([job.id]);
  });

  test('forbid: a slot that comes while an attempt runs is skipped and recorded with the reason', async () => {
    const job = await twoSlotsOf('forbid');
    expect(starter.attempts).toHaveLength(1);
    const [first, skipped] = await history(job);
    expect(first.status).toBe('running');
    expect(skipped).toMatchObject({
      status: 'skipped',
      attempt: 0,
      slot: new Date(T0 + MINUTE).toISOString()
    });
    expect(skipped.error).toContain('concurrency forbid');

    starter.attempts[0].finish();
    await scheduler.settled();
    clock.time = T0 + 2 * MINUTE;
    await scheduler.tick();
    expect(starter.attempts.map(a => a.context.slot)).toEqual([T0, T0 + 2 * MINUTE]);
  });

  test('allow: attempts of two slots run side by side', async () => {
    const job = await twoSlotsOf('allow');
    expect(starter.attempts.map(a => a.context.slot)).toEqual([T0, T0 + MINUTE]);
    expect((await store.jobs.active(job.id)).map(a => a.status)).toEqual(['running', 'running']);
  });

  test('replace: the running attempt is killed (recorded killed, with the reason) and the new slot starts', async () => {
    const job = await twoSlotsOf('replace');
    await scheduler.settled();
    expect(starter.attempts[0].killedWith).toContain('replaced by the slot at 2026-11-27T09:01:00.000Z');
    const [old, current] = await history(job);
    expect(old).toMatchObject({ status: 'killed', attempt: 1 });
    expect(old.error).toContain('concurrency replace');
    expect(current).toMatchObject({ status: 'running', slot: new Date(T0 + MINUTE).toISOString() });
  });

  test('a failed attempt is retried after its backoff, doubled each time, until the retries are used', async () => {
    const job = await addJob(store, {
      name: 'retry',
      createdAt: T0 - 30_000,
      retries: { count: 2, backoffSeconds: 10 }
    });
    clock.time = T0;
    await scheduler.tick();
    starter.attempts[0].finish({ ok: false, error: 'cell 2 failed: boom' });
    await scheduler.settled();
    let attempts = await history(job);
    expect(attempts.map(a => [a.attempt, a.status])).toEqual([
      [1, 'failed'],
      [2, 'waiting']
    ]);
    expect(attempts[1].dueAt).toBe(new Date(T0 + 10_000).toISOString());

    clock.time = T0 + 9_999;
    await scheduler.tick();
    expect(starter.attempts).toHaveLength(1);
    expect(scheduler.nextWake).toBe(T0 + 10_000);
    clock.time = T0 + 10_000;
    await scheduler.tick();
    expect(starter.attempts.map(a => [a.context.slot, a.context.attempt])).toEqual([
      [T0, 1],
      [T0, 2]
    ]);

    starter.attempts[1].finish({ ok: false, error: 'cell 2 failed: boom' });
    await scheduler.settled();
    clock.time = T0 + 10_000 + 19_999;
    await scheduler.tick();
    expect(starter.attempts).toHaveLength(2);
    clock.time = T0 + 10_000 + 20_000;
    await scheduler.tick();
    expect(starter.attempts).toHaveLength(3);
    starter.attempts[2].finish({ ok: false, error: 'cell 2 failed: boom' });
    await scheduler.settled();

    attempts = await history(job);
    expect(attempts.map(a => [a.attempt, a.status])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'failed']
    ]);
    expect(attempts[2].error).toBe('cell 2 failed: boom');
  });

  test('a slot claimed by one scheduler is not started again by another, nor after a restart', async () => {
    const job = await addJob(store, { name: 'lease', createdAt: T0 - 30_000 });
    clock.time = T0 + 200;
    await scheduler.tick();
    // A restarted scheduler (a new process: another owner, nothing in memory) at the same moment.
    const restarted = makeScheduler();
    await restarted.tick();
    // And a second scheduler on its own connection to the same file.
    const other = await openStore({ env: { MLNB_STORE: t.target } });
    try {
      await makeScheduler(other).tick();
    } finally {
      await other.close();
    }
    expect(starter.attempts).toHaveLength(1);
    expect((await history(job)).map(a => a.status)).toEqual(['running']);
  });

  test('two schedulers ticking on one store over 30 slots start each slot exactly once', async () => {
    const job = await addJob(store, { name: 'twins', createdAt: T0 - 30_000, concurrency: 'allow' });
    const other = await openStore({ env: { MLNB_STORE: t.target } });
    try {
      const a = makeScheduler();
      const b = makeScheduler(other);
      for (let i = 0; i < 30; i++) {
        clock.time = T0 + i * MINUTE + 5;
        await Promise.all([a.tick(), b.tick()]);
      }
      const slots = starter.attempts.map(x => x.context.slot);
      expect(slots).toHaveLength(30);
      expect(new Set(slots).size).toBe(30);
      expect((await history(job)).filter(x => x.status === 'running')).toHaveLength(30);
    } finally {
      await other.close();
    }
  });

  test('after a restart, the latest slot missed within the starting deadline runs once; older ones are recorded missed', async () => {
    const job = await addJob(store, { name: 'gap', createdAt: T0 - 30_000, startingDeadlineSeconds: 120 });
    clock.time = T0;
    await scheduler.tick();
    starter.attempts[0].finish();
    await scheduler.settled();
    // The scheduler was down from 09:00 to 09:05:30; a new one starts.
    clock.time = T0 + 5 * MINUTE + 30_000;
    const restarted = makeScheduler();
    await restarted.tick();
    await restarted.tick();
    const attempts = await history(job);
    expect(attempts.map(a => [a.slot.slice(11, 16), a.status])).toEqual([
      ['09:00', 'succeeded'],
      ['09:01', 'missed'],
      ['09:02', 'missed'],
      ['09:03', 'missed'],
      ['09:04', 'missed'],
      ['09:05', 'running']
    ]);
    expect(starter.attempts.map(a => a.context.slot)).toEqual([T0, T0 + 5 * MINUTE]);
  });

  test('a slot later than the starting deadline does not run; it is recorded missed with the lateness', async () => {
    const job = await addJob(store, {
      name: 'late',
      createdAt: T0 - 30_000,
      startingDeadlineSeconds: 60,
      schedule: { cron: '0 9 * * *', timezone: 'UTC' }
    });
    clock.time = T0 + 61_000;
    await scheduler.tick();
    expect(starter.attempts).toHaveLength(0);
    const attempts = await history(job);
    expect(attempts.map(a => a.status)).toEqual(['missed']);
    expect(attempts[0].error).toContain('61 s ago, past the starting deadline of 60 s');
  });

  test('a paused job does not fire, and after resuming it owes nothing for the pause', async () => {
    const job = await addJob(store, { name: 'paused', createdAt: T0 - 30_000 });
    await store.jobs.update(job.id, { enabled: false }, T0 - 20_000);
    clock.time = T0 + 10 * MINUTE;
    await scheduler.tick();
    expect(starter.attempts).toHaveLength(0);
    await store.jobs.update(job.id, { enabled: true }, T0 + 10 * MINUTE + 1);
    await scheduler.tick();
    clock.time = T0 + 11 * MINUTE;
    await scheduler.tick();
    expect((await history(job)).map(a => [a.slot.slice(11, 16), a.status])).toEqual([['09:11', 'running']]);
  });

  test('runNow starts an attempt at once and resolves with the last one of its retries', async () => {
    const { first, final } = await runNowUnscheduled('manual', { count: 1, backoffSeconds: 5 });
    expect(first).toMatchObject({ trigger: 'manual', attempt: 1, status: 'running' });
    starter.attempts[0].finish({ ok: false, error: 'cell 1 failed' });
    await scheduler.settled();
    clock.time = T0 + 6000;
    await scheduler.tick();
    starter.attempts[1].finish({ runId: 'a'.repeat(32) });
    await expect(final).resolves.toMatchObject({ attempt: 2, status: 'succeeded', runId: 'a'.repeat(32) });
  });

  test('runNow resolves when another scheduler cancels its waiting retry', async () => {
    const { job, final } = await runNowUnscheduled('cancelled', { count: 1, backoffSeconds: 60 });
    starter.attempts[0].finish({ ok: false, error: 'cell 1 failed' });
    await scheduler.settled();
    const [waiting] = await store.jobs.active(job.id);
    await store.jobs.updateAttempt(waiting.id, { status: 'killed', error: 'replaced by the slot at 09:01' }, [
      'waiting'
    ]);
    await scheduler.tick();
    await expect(final).resolves.toMatchObject({
      attempt: 2,
      status: 'killed',
      error: 'replaced by the slot at 09:01'
    });
  });

  test('runNow resolves when the job is deleted while its attempt runs', async () => {
    const { job, final } = await runNowUnscheduled('deleted');
    await store.jobs.delete(job.id);
    starter.attempts[0].finish();
    await expect(final).resolves.toMatchObject({
      status: 'killed',
      error: 'the job was deleted while this attempt was under way'
    });
  });

  test('an attempt whose scheduler process died is marked failed by the next scheduler', async () => {
    const job = await addJob(store, { name: 'orphan', createdAt: T0 - 30_000 });
    const gone = new Scheduler({
      jobs: store.jobs,
      clock,
      startAttempt: starter.start,
      owner: { id: 'gone', host: scheduler.owner.host, pid: 999_999 }
    });
    clock.time = T0;
    await gone.tick();
    await makeScheduler().tick();
    const [attempt] = await history(job);
    expect(attempt.status).toBe('failed');
    expect(attempt.error).toBe('the scheduler (pid 999999) stopped while this attempt ran');
  });

  test('an attempt starter that throws marks the attempt failed with the reason', async () => {
    const job = await addJob(store, { name: 'crash', createdAt: T0 - 30_000 });
    const crashing = new Scheduler({
      jobs: store.jobs,
      clock,
      startAttempt: () => {
        throw new Error('spawn ENOMEM');
      }
    });
    clock.time = T0;
    await crashing.tick();
    await crashing.settled();
    const [attempt] = await history(job);
    expect(attempt).toMatchObject({ status: 'failed', error: 'the attempt could not run: spawn ENOMEM' });
  });
});
