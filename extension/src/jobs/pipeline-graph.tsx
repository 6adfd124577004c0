import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { Alert, liveView } from '../components';
import type { PipelineRecord, StepRun } from '../api';
import { formatTime } from '../experiments/format';
import { IPipeline, IPipelinesState, PipelinesModel } from './pipelines-model';

export const PIPELINE_CSS = {
  root: 'jp-mlnb-Pipelines',
  error: 'jp-mlnb-Pipelines-error',
  item: 'jp-mlnb-Pipelines-item',
  name: 'jp-mlnb-Pipelines-name',
  status: 'jp-mlnb-Pipelines-status',
  meta: 'jp-mlnb-Pipelines-meta',
  graph: 'jp-mlnb-Pipelines-graph',
  edges: 'jp-mlnb-Pipelines-edges',
  step: 'jp-mlnb-Pipelines-step',
  actions: 'jp-mlnb-Pipelines-actions'
} as const;

/** The graph's grid: a column per depth, a row per step of that depth (px). */
const STEP_WIDTH = 112;
const STEP_HEIGHT = 30;
const COLUMN = STEP_WIDTH + 36;
const ROW = STEP_HEIGHT + 14;

export interface IPipelinesViewProps {
  model: PipelinesModel;
  trans: TranslationBundle;
  openRun: (runId: string) => void;
}

/** Each step's place: its column is the length of the longest chain of steps before it. */
export function layoutSteps(pipeline: PipelineRecord): Map<string, { x: number; y: number }> {
  const depth = new Map<string, number>();
  // Stored steps come after those they depend on, so one pass sees every upstream first.
  for (const step of pipeline.steps) {
    depth.set(step.name, Math.max(-1, ...step.dependsOn.map(e => depth.get(e.step) ?? 0)) + 1);
  }
  const rows = new Map<number, number>();
  const places = new Map<string, { x: number; y: number }>();
  for (const step of pipeline.steps) {
    const column = depth.get(step.name)!;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    places.set(step.name, { x: column * COLUMN, y: row * ROW });
  }
  return places;
}

/** The pipelines of the Jobs panel, each drawn as a graph of its steps with their latest status. */
export const PipelinesView = liveView<IPipelinesViewProps>(PipelinesBody);

function PipelinesBody(props: IPipelinesViewProps & { state: IPipelinesState }): JSX.Element | null {
  const { state, trans } = props;
  if (state.pipelines.length === 0 && !state.error) {
    return null;
  }
  return (
    <div className={PIPELINE_CSS.root}>
      <Alert className={PIPELINE_CSS.error} message={state.error} />
      <ul aria-label={trans.__('Pipelines')}>
        {state.pipelines.map(item => (
          <PipelineItem
            key={item.pipeline.id}
            {...props}
            item={item}
            busy={state.busy.has(item.pipeline.id)}
          />
        ))}
      </ul>
    </div>
  );
}

function PipelineItem(props: IPipelinesViewProps & { item: IPipeline; busy: boolean }): JSX.Element {
  const { item, trans, model, busy } = props;
  const { pipeline, lastRun } = item;
  const status = lastRun?.status ?? 'never';
  return (
    <li className={PIPELINE_CSS.item} data-pipeline-id={pipeline.id} aria-label={pipeline.name}>
      <span className={PIPELINE_CSS.name}>{pipeline.name}</span>
      <span className={`${PIPELINE_CSS.status} jp-mod-${status}`}>
        {lastRun ? trans.__(lastRun.status) : trans.__('never run')}
      </span>
      <div className={PIPELINE_CSS.meta}>
        {trans.__('Pipeline of %1 steps', pipeline.steps.length)}
        {lastRun ? ` · ${trans.__('last: %1', formatTime(lastRun.startTime))}` : ''}
      </div>
      <StepGraph pipeline={pipeline} steps={lastRun?.steps ?? []} trans={trans} openRun={props.openRun} />
      <div className={PIPELINE_CSS.actions}>
        <button
          className="jp-mod-styled"
          disabled={busy || status === 'running'}
          onClick={() => void model.runNow(item)}
        >
          {trans.__('Run now')}
        </button>
        {status === 'failed' && (
          <button
            className="jp-mod-styled jp-mod-accept"
            disabled={busy}
            onClick={() => void model.resume(item)}
          >
            {trans.__('Resume')}
          </button>
        )}
      </div>
    </li>
  );
}

function StepGraph(props: {
  pipeline: PipelineRecord;
  steps: StepRun[];
  trans: TranslationBundle;
  openRun: (runId: string) => void;
}): JSX.Element {
  const { pipeline, trans } = props;
  const places = layoutSteps(pipeline);
  const width = Math.max(...[...places.values()].map(p => p.x)) + STEP_WIDTH;
  const height = Math.max(...[...places.values()].map(p => p.y)) + STEP_HEIGHT;
  const runs = new Map(props.steps.map(s => [s.step, s]));
  return (
    <div
      className={PIPELINE_CSS.graph}
      style={{ width, height }}
      role="group"
      aria-label={trans.__('Steps of %1', pipeline.name)}
    >
      <svg className={PIPELINE_CSS.edges} width={width} height={height} aria-hidden="true">
        {pipeline.steps.flatMap(step =>
          step.dependsOn.map(edge => {
            const from = places.get(edge.step)!;
            const to = places.get(step.name)!;
            return (
              <line
                key={`${edge.step}-${step.name}`}
                x1={from.x + STEP_WIDTH}
                y1={from.y + STEP_HEIGHT / 2}
                x2={to.x}
                y2={to.y + STEP_HEIGHT / 2}
              >
                <title>
                  {edge.because === 'after' ? trans.__('after') : trans.__('dataset %1', edge.because)}
                </title>
              </line>
            );
          })
        )}
      </svg>
      {pipeline.steps.map(step => {
        const run = runs.get(step.name);
        const status = run?.status ?? 'never';
        const place = places.get(step.name)!;
        const said = run ? trans.__(run.status) : trans.__('not run');
        return (
          <button
            key={step.name}
            className={`${PIPELINE_CSS.step} jp-mod-${status}`}
            style={{ left: place.x, top: place.y, width: STEP_WIDTH, height: STEP_HEIGHT }}
            data-step={step.name}
            data-status={status}
            disabled={!run?.runId}
            title={run?.error ? `${step.name}: ${said} — ${run.error}` : `${step.name}: ${said}`}
            onClick={() => run?.runId && props.openRun(run.runId)}
          >
            {step.name}
          </button>
        );
      })}
    </div>
  );
}
