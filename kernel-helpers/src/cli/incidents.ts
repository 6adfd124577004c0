import { Command } from 'commander';
import * as os from 'node:os';
import type { Store } from '../store/engine/store';
import type { IncidentRecord } from '../store/incidents/types';
import { UsageFailure, usageErrors } from './failure';
import { formatList } from './table';
import { withStore } from './with-store';
import { printResult } from './print';

/** Runs an incident action on the store; what the incidents refuse is the user's input (exit 2). */
const incidentErrors = usageErrors(async () => {
  const { IncidentError } = await import('../store/incidents/types');
  return error => error instanceof IncidentError;
});
const incidentAction = <T>(action: (store: Store) => Promise<T>) => incidentErrors(() => withStore(action));

const user = () => os.userInfo().username;

function nonEmpty(what: string, text: string | undefined): string | undefined {
  if (text !== undefined && text.trim() === '') {
    throw new UsageFailure(`${what} is empty: say what is wrong.`, 2);
  }
  return text?.trim();
}

/** `mlnb incidents open|list|show|note|resolve`. */
export function addIncidentsCommands(program: Command): void {
  const incidents = program
    .command('incidents')
    .description('bugs tracked end to end: an incident marks everything downstream of its target');

  incidents
    .command('open')
    .description('open an incident on a dataset version, a run, a model version or a job')
    .argument('<target>', 'name@VERSION (dataset or model), a run id, name@STAGE (model), a job name')
    .requiredOption('--title <title>', 'what is wrong, in one line')
    .option('--note <text>', 'a first note')
    .option('--json', 'print the incident as JSON (schemas/incident.schema.json)')
    .action(async (target: string, opts: { title: string; note?: string; json?: boolean }) => {
      const title = nonEmpty('--title', opts.title)!;
      const note = nonEmpty('--note', opts.note);
      const { resolveTarget } = await import('../incidents/target');
      const incident = await incidentAction(async store =>
        store.incidents.open({ title, target: await resolveTarget(store, target), by: user(), note })
      );
      await printResult(opts.json, incident, formatIncident);
    });

  incidents
    .command('list')
    .description('the open incidents, newest first (--all: resolved ones too)')
    .option('--all', 'resolved incidents too')
    .option('--json', 'print JSON')
    .action(async (opts: { all?: boolean; json?: boolean }) => {
      const list = await withStore(store => store.incidents.list(opts.all ? undefined : 'open'));
      await printResult(opts.json, list, formatIncidents);
    });

  incidents
    .command('show')
    .description('an incident: its target, notes and everything it affects')
    .argument('<id>', 'the incident id or its first characters')
    .option('--json', 'print JSON (schemas/incident.schema.json)')
    .action(async (id: string, opts: { json?: boolean }) => {
      const { resolveIncidentId } = await import('../incidents/target');
      const incident = await incidentAction(
        async store => (await store.incidents.get(await resolveIncidentId(store, id)))!
      );
      await printResult(opts.json, incident, formatIncident);
    });

  incidents
    .command('note')
    .description('add a dated note to an incident')
    .argument('<id>', 'the incident id or its first characters')
    .argument('<text>', 'the note')
    .option('--json', 'print the incident as JSON')
    .action(async (id: string, text: string, opts: { json?: boolean }) => {
      const note = nonEmpty('The note', text)!;
      const { resolveIncidentId } = await import('../incidents/target');
      const incident = await incidentAction(async store =>
        store.incidents.addNote(await resolveIncidentId(store, id), { by: user(), text: note })
      );
      await printResult(opts.json, incident, () => `noted on ${incident.id}`);
    });

  incidents
    .command('resolve')
    .description('resolve an open incident: what it affected is cleared')
    .argument('<id>', 'the incident id or its first characters')
    .option('--note <text>', 'how it was fixed')
    .option('--json', 'print the incident as JSON')
    .action(async (id: string, opts: { note?: string; json?: boolean }) => {
      const note = nonEmpty('--note', opts.note);
      const { resolveIncidentId } = await import('../incidents/target');
      const incident = await incidentAction(async store =>
        store.incidents.resolve(await resolveIncidentId(store, id), user(), note)
      );
      await printResult(
        opts.json,
        incident,
        () => `resolved ${incident.id}: ${countAffected(incident)} no longer affected`
      );
    });
}

const countAffected = (i: IncidentRecord): string => {
  const { datasets, runs, models, jobs } = i.affected;
  return [
    [datasets.length, 'dataset version'],
    [runs.length, 'run'],
    [models.length, 'model version'],
    [jobs.length, 'job']
  ]
    .map(([n, what]) => `${n} ${what}${n === 1 ? '' : 's'}`)
    .join(', ');
};

function formatIncidents(list: IncidentRecord[]): string {
  return formatList(list, 'No incidents.', ['ID', 'STATUS', 'TARGET', 'AFFECTS', 'OPENED', 'TITLE'], i => [
    i.id,
    i.status,
    `${i.target.kind} ${i.target.ref}`,
    String(
      i.affected.datasets.length + i.affected.runs.length + i.affected.models.length + i.affected.jobs.length
    ),
    `${i.openedAt.slice(0, 16).replace('T', ' ')} ${i.openedBy}`,
    i.title
  ]);
}

function formatIncident(i: IncidentRecord): string {
  const list = (items: string[]) => (items.length ? items.join(', ') : 'none');
  return [
    `${i.id}  ${i.status.toUpperCase()}  ${i.title}`,
    `target:   ${i.target.kind} ${i.target.ref}`,
    `opened:   ${i.openedAt} by ${i.openedBy}`,
    ...(i.resolvedAt ? [`resolved: ${i.resolvedAt} by ${i.resolvedBy}`] : []),
    `affects:  ${countAffected(i)}`,
    `  datasets: ${list(i.affected.datasets)}`,
    `  runs:     ${list(i.affected.runs)}`,
    `  models:   ${list(i.affected.models)}`,
    `  jobs:     ${list(i.affected.jobs)}`,
    'notes:',
    ...(i.notes.length
      ? i.notes.map(n => `  ${n.at.slice(0, 19).replace('T', ' ')}  ${n.by}: ${n.text}`)
      : ['  none'])
  ].join('\n');
}
