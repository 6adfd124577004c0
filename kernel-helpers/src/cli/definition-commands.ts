import type { Command } from 'commander';
import type { Store } from '../store/engine/store';
import type { DefinitionStore } from '../store/jobs/types';
import { printResult } from './print';
import { withStore } from './with-store';

/** What the commands jobs and pipelines share need of each: its name, how to find one, how to delete one. */
export interface DefinitionKind<D extends { id: string; name: string }> {
  /** 'job' or 'pipeline', in help and messages. */
  noun: string;
  definitions(store: Store): DefinitionStore<D, never, { enabled: boolean }>;
  /** By name or id; an unknown one is a UsageFailure. */
  find(store: Store, given: string): Promise<D>;
  /** Deletes the definition and what belongs to it (a job's snapshot, a pipeline's step jobs). */
  remove(store: Store, found: D): Promise<unknown>;
}

/** `pause` and its resume command: stop firing the definition's triggers, and fire them again. */
export function addPauseCommands<D extends { id: string; name: string }>(
  group: Command,
  kind: DefinitionKind<D>,
  commands: { pause: string; resume: [name: string, description: string] }
): void {
  for (const [command, description, enabled] of [
    ['pause', commands.pause, false],
    [...commands.resume, true]
  ] as const) {
    group
      .command(command)
      .description(description)
      .argument(`<${kind.noun}>`, `the ${kind.noun} name or id`)
      .option('--json', `print the ${kind.noun} as JSON`)
      .action(async (given: string, opts: { json?: boolean }) => {
        const changed = await withStore(async store => {
          const found = await kind.find(store, given);
          return (await kind.definitions(store).update(found.id, { enabled }, Date.now()))!;
        });
        await printResult(
          opts.json,
          changed,
          () => `${kind.noun} ${changed.name} ${enabled ? 'resumed' : 'paused'}`
        );
      });
  }
}

/** `delete`: the definition and its history; the runs it made stay. */
export function addDeleteCommand<D extends { id: string; name: string }>(
  group: Command,
  kind: DefinitionKind<D>,
  description: string
): void {
  group
    .command('delete')
    .description(description)
    .argument(`<${kind.noun}>`, `the ${kind.noun} name or id`)
    .option('--json', 'print {"deleted": id} as JSON')
    .action(async (given: string, opts: { json?: boolean }) => {
      const deleted = await withStore(async store => {
        const found = await kind.find(store, given);
        await kind.remove(store, found);
        return found;
      });
      console.log(
        opts.json ? JSON.stringify({ deleted: deleted.id }) : `deleted ${kind.noun} ${deleted.name}`
      );
    });
}

/** `show`: one definition and what it did lately; `gather` makes what --json prints, `format` the text. */
export function addShowCommand<D extends { id: string; name: string }, Shown>(
  group: Command,
  kind: DefinitionKind<D>,
  show: {
    description: string;
    /** The help of --json: what it prints. */
    json: string;
    gather(store: Store, found: D): Promise<Shown>;
    format(shown: Shown): string | Promise<string>;
  }
): void {
  group
    .command('show')
    .description(show.description)
    .argument(`<${kind.noun}>`, `the ${kind.noun} name or id`)
    .option('--json', show.json)
    .action(async (given: string, opts: { json?: boolean }) => {
      const shown = await withStore(async store => show.gather(store, await kind.find(store, given)));
      await printResult(opts.json, shown, show.format);
    });
}

/** What starts a job or a pipeline by itself, in one line ("0 6 * * * UTC + new version of raw"). */
export function triggerText(definition: {
  schedule: { cron: string; timezone: string } | null;
  onNewVersion: { dataset: string; debounceSeconds: number } | null;
}): string {
  const { schedule, onNewVersion } = definition;
  const parts = [
    schedule ? `${schedule.cron} ${schedule.timezone}` : null,
    onNewVersion ? `new version of ${onNewVersion.dataset}` : null
  ].filter(Boolean);
  return parts.join(' + ') || 'manual';
}
