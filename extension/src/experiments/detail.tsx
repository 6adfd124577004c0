import { Dialog, InputDialog, showDialog, showErrorMessage } from '@jupyterlab/apputils';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { TranslationBundle } from '@jupyterlab/translation';
import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';
import { RunEdit } from '../api';
import { askMarkdown, KeyValues, Markdown, Section } from '../components';
import { LiveDetailWidget } from '../detail-widget';
import { MetricChart } from './chart';
import { RunDetailModel } from './detail-model';
import { EvaluationSection } from './evaluation';
import { formatDuration, formatNumber, formatTime } from './format';
import { PinButton } from './pin-button';
import { MetricPins, pinnedFirst } from './pins';
import { reproductionBadge } from './reproduction';
import { IRunRecord } from './types';

export interface IRunDetailActions {
  openAsNotebook: (run: IRunRecord) => Promise<void>;
  /** Executes the run's cells again (through the runner) and compares the new run with it. */
  rerun: (run: IRunRecord) => Promise<void>;
  deleted: (run: IRunRecord) => void;
  /** Opens a catalog dataset (`name@version`) in the Datasets view. */
  openDataset: (ref: string) => void;
  /** Opens the comparison of runs side by side. */
  compare: (ids: string[]) => void;
}

/** A run in the main area: what ran, where, with what, and what came out. Live while it runs. */
export class RunDetailWidget extends LiveDetailWidget<IRunRecord, RunDetailModel> {
  constructor(
    model: RunDetailModel,
    private readonly trans: TranslationBundle,
    private readonly rendermime: IRenderMimeRegistry,
    private readonly actions: IRunDetailActions,
    private readonly pins: MetricPins
  ) {
    super(model, {
      id: `jp-mlnb-run-${model.runId}`,
      classes: ['jp-mlnb-RunDetail'],
      label: trans.__('Run %1', model.runId.slice(0, 8))
    });
    pins.changed.connect(this.update, this);
  }

  get runId(): string {
    return this.model.runId;
  }

  protected nameTab(run: IRunRecord): void {
    this.title.label = run.name;
    this.title.caption = `${run.experiment} · ${run.id}`;
  }

  /** "Reproduced exactly by run X" / "Differs: 3 metrics": opens the comparison of the two runs. */
  private renderReproduction(run: IRunRecord): JSX.Element | null {
    const badge = reproductionBadge(run, this.trans);
    return (
      badge && (
        <button
          className={`jp-mlnb-ReproductionBadge jp-mod-${badge.verdict}`}
          title={this.trans.__('Compare the two runs')}
          onClick={() => this.actions.compare([run.id, badge.otherRunId])}
        >
          {badge.text}
        </button>
      )
    );
  }

  protected render(): JSX.Element {
    const { trans, model } = this;
    const { value: run, error } = model.state;
    if (error) {
      return (
        <div role="alert" className="jp-mlnb-RunDetail-error">
          {error.message}
        </div>
      );
    }
    if (!run) {
      return <div>{trans.__('Loading the run…')}</div>;
    }
    this.pins.learnDefault(run);
    const pinned = this.pins.get(run.experiment);
    const metricKeys = pinnedFirst(Object.keys(run.metrics), pinned);
    return (
      <div className="jp-mlnb-RunDetail-body">
        <header>
          <h1>{run.name}</h1>
          <div className={`jp-mlnb-RunDetail-status jp-mod-${run.status}`}>
            {run.status} · {run.source} · {run.user}@{run.host} · {formatTime(run.startTime)} ·{' '}
            {formatDuration(run.startTime, run.endTime)}
            {run.seed !== null && run.seed !== undefined ? ` · ${trans.__('seed %1', run.seed)}` : ''}
          </div>
          {this.renderReproduction(run)}
          <div className="jp-mlnb-RunDetail-actions">
            <Button onClick={() => void this.actions.openAsNotebook(run)}>
              {trans.__('Open as notebook')}
            </Button>
            <Button
              minimal
              disabled={run.status === 'running'}
              title={trans.__('Execute the cells again as a new run and compare the two')}
              onClick={() => void this.actions.rerun(run)}
            >
              {trans.__('Re-run')}
            </Button>
            <Button minimal onClick={() => void this.rename(run)}>
              {trans.__('Rename')}
            </Button>
            <Button minimal onClick={() => void this.addTag()}>
              {trans.__('Add tag')}
            </Button>
            <Button minimal onClick={() => void this.editNotes(run)}>
              {trans.__('Edit notes')}
            </Button>
            <Button minimal onClick={() => void this.remove(run)}>
              {trans.__('Delete')}
            </Button>
          </div>
        </header>
        <Section title={trans.__('Parameters')} empty={Object.keys(run.params).length === 0}>
          <KeyValues rows={Object.entries(run.params).map(([k, p]) => [k, JSON.stringify(p.value)])} />
        </Section>
        <Section title={trans.__('Metrics')} empty={Object.keys(run.metrics).length === 0}>
          <KeyValues
            rows={metricKeys.map(k => {
              const s = run.metrics[k];
              return [
                k,
                <>
                  <PinButton
                    metric={k}
                    pinned={pinned.includes(k)}
                    trans={trans}
                    onChange={on => this.pins.setPinned([run.experiment], k, on)}
                  />{' '}
                  {`${formatNumber(s[s.length - 1].value)} (step ${s[s.length - 1].step}, ${s.length} points)`}
                </>
              ];
            })}
          />
          {metricKeys
            .filter(key => run.metrics[key].length > 1)
            .map(key => (
              <MetricChart
                key={key}
                title={key}
                series={[
                  {
                    name: key,
                    steps: run.metrics[key].map(p => p.step),
                    values: run.metrics[key].map(p => p.value)
                  }
                ]}
              />
            ))}
        </Section>
        <EvaluationSection run={run} model={model} trans={trans} />
        <Section title={trans.__('Code')}>
          <KeyValues
            rows={[
              [
                trans.__('notebook'),
                run.code.notebook
                  ? `${run.code.notebook.path} (sha256 ${run.code.notebook.sha256?.slice(0, 12) ?? '?'})`
                  : '—'
              ],
              [trans.__('commit'), run.code.git?.commit ?? trans.__('not in a git repository')],
              [trans.__('branch'), run.code.git?.branch ?? '—'],
              [trans.__('remote'), run.code.git?.remote ?? '—'],
              [trans.__('uncommitted changes'), run.code.git?.dirty ? trans.__('yes') : trans.__('no')]
            ]}
          />
          {run.code.git?.diffArtifact && <Diff model={model} path={run.code.git.diffArtifact} />}
        </Section>
        <Section title={trans.__('Cells, in the order they ran')} empty={run.cells.length === 0}>
          {run.cells.map(cell => (
            <div key={cell.seq} className={`jp-mlnb-RunDetail-cell jp-mod-${cell.status}`}>
              <div className="jp-mlnb-RunDetail-cellHead">
                #{cell.seq} [{cell.executionCount ?? ' '}] {cell.status}
                {cell.durationMs !== null ? ` · ${cell.durationMs.toFixed(0)} ms` : ''}
              </div>
              <pre>{cell.source}</pre>
              {cell.error && <pre className="jp-mlnb-RunDetail-cellError">{cell.error}</pre>}
            </div>
          ))}
        </Section>
        <Section title={trans.__('Data')} empty={run.dataRefs.length === 0}>
          <KeyValues
            rows={run.dataRefs.map(d => [
              d.role,
              <>
                {d.dataset ? (
                  <a
                    href="#"
                    className="jp-mlnb-RunDetail-dataset"
                    title={d.uri}
                    onClick={event => {
                      event.preventDefault();
                      this.actions.openDataset(d.dataset!);
                    }}
                  >
                    {d.dataset}
                  </a>
                ) : (
                  d.uri
                )}
                {`${d.rows !== null ? ` · ${d.rows} rows` : ''} · sha256 ${d.sha256?.slice(0, 12) ?? '?'}`}
              </>
            ])}
          />
        </Section>
        <Section title={trans.__('Artifacts')} empty={run.artifacts.length === 0}>
          <ul>
            {run.artifacts.map(a => (
              <li key={a.path}>
                {a.kind} · <ArtifactLink href={model.artifactUrl(a.path)} path={a.path} /> · {a.bytes} bytes
              </li>
            ))}
          </ul>
        </Section>
        <Section title={trans.__('Environment')}>
          <KeyValues
            rows={Object.entries(run.environment)
              .filter(([k]) => k !== 'packages')
              .map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)])}
          />
          <KeyValues rows={Object.entries(run.environment.packages ?? {}).map(([k, v]) => [k, v])} />
        </Section>
        <Section title={trans.__('Tags')} empty={Object.keys(run.tags).length === 0}>
          <KeyValues rows={Object.entries(run.tags)} />
        </Section>
        <Section title={trans.__('Notes')} empty={!run.notes}>
          <Markdown source={run.notes} rendermime={this.rendermime} />
        </Section>
      </div>
    );
  }

  private async rename(run: IRunRecord): Promise<void> {
    const result = await InputDialog.getText({ title: this.trans.__('Rename run'), text: run.name });
    if (result.button.accept && result.value?.trim()) {
      await this.model.edit({ name: result.value.trim() });
    }
  }

  private async addTag(): Promise<void> {
    const result = await InputDialog.getText({
      title: this.trans.__('Tag run (key=value)'),
      placeholder: 'team=fraud'
    });
    const text = result.value?.trim() ?? '';
    const eq = text.indexOf('=');
    if (!result.button.accept || !text) {
      return;
    }
    if (eq <= 0) {
      await showErrorMessage(this.trans.__('Tag run'), this.trans.__('A tag is key=value, e.g. team=fraud.'));
      return;
    }
    await this.patch({ tags: { [text.slice(0, eq).trim()]: text.slice(eq + 1).trim() } });
  }

  private async editNotes(run: IRunRecord): Promise<void> {
    const notes = await askMarkdown({
      title: this.trans.__('Notes for "%1"', run.name),
      label: this.trans.__('Notes (markdown)'),
      text: run.notes,
      accept: this.trans.__('Save')
    });
    if (notes !== null) {
      await this.patch({ notes });
    }
  }

  /** Sends a change; the service's refusal (e.g. a bad tag key) is shown, not swallowed. */
  private async patch(change: RunEdit): Promise<void> {
    try {
      await this.model.edit(change);
    } catch (error) {
      await showErrorMessage(this.trans.__('Run not changed'), (error as Error).message);
    }
  }

  private async remove(run: IRunRecord): Promise<void> {
    const result = await showDialog({
      title: this.trans.__('Delete run'),
      body: this.trans.__('Delete the run "%1" and its artifacts? This cannot be undone.', run.name),
      buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: this.trans.__('Delete') })]
    });
    if (result.button.accept) {
      await this.model.remove();
      this.actions.deleted(run);
    }
  }
}

function ArtifactLink(props: { href: string; path: string }): JSX.Element {
  const name = props.path.split('/').slice(1).join('/');
  return (
    <a href={props.href} download>
      {name}
    </a>
  );
}

/** The uncommitted diff, fetched on demand (it can be large). */
function Diff(props: { model: RunDetailModel; path: string }): JSX.Element {
  const [text, setText] = React.useState<string | null>(null);
  const show = async () => {
    setText(await props.model.artifactText(props.path).catch(error => (error as Error).message));
  };
  return text === null ? (
    <Button minimal onClick={() => void show()}>
      Show the uncommitted diff
    </Button>
  ) : (
    <pre className="jp-mlnb-RunDetail-diff">{text}</pre>
  );
}
