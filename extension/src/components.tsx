import { Dialog, showDialog } from '@jupyterlab/apputils';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { TranslationBundle } from '@jupyterlab/translation';
import { UseSignal } from '@jupyterlab/ui-components';
import { ISignal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

/** Small views shared by the panels and the detail views. */

/** What a panel's view renders: a model's state and the signal of each change (a `LiveModel`). */
export interface IStateSource<S> {
  readonly state: S;
  readonly changed: ISignal<unknown, S>;
}

/**
 * A panel's view from its body: the body gets the view's props and the model's state, and is
 * rendered again on each change of it.
 */
export function liveView<P extends { model: IStateSource<unknown> }>(
  Body: (props: P & { state: P['model']['state'] }) => JSX.Element | null
): (props: P) => JSX.Element {
  return props => (
    <UseSignal signal={props.model.changed} initialArgs={props.model.state}>
      {(_, state) => <Body {...props} state={state ?? props.model.state} />}
    </UseSignal>
  );
}

/** A refusal or failure said where it happened; nothing when there is none. */
export function Alert(props: { className?: string; message: string | null | undefined }): JSX.Element | null {
  return props.message ? (
    <div className={props.className} role="alert">
      {props.message}
    </div>
  ) : null;
}

/** Asks for markdown (notes, a description) in a dialog, starting from `text`; null when cancelled. */
export async function askMarkdown(options: {
  title: string;
  /** The text area's accessible name. */
  label: string;
  text: string;
  /** The accept button's label. */
  accept: string;
}): Promise<string | null> {
  const editor = new NotesEditor(options.text, options.label);
  const result = await showDialog({
    title: options.title,
    body: editor,
    buttons: [Dialog.cancelButton(), Dialog.okButton({ label: options.accept })]
  });
  return result.button.accept ? editor.value : null;
}

/** A text area for a dialog body: the notes' markdown source. */
class NotesEditor extends Widget {
  private readonly area = document.createElement('textarea');

  constructor(text: string, label: string) {
    super();
    this.addClass('jp-mlnb-NotesEditor');
    this.area.value = text;
    this.area.rows = 12;
    this.area.setAttribute('aria-label', label);
    this.node.appendChild(this.area);
  }

  get value(): string {
    return this.area.value;
  }
}

export function Section(props: { title: string; empty?: boolean; children?: React.ReactNode }): JSX.Element {
  return (
    <section className="jp-mlnb-RunDetail-section">
      <h2>{props.title}</h2>
      {props.empty ? <div className="jp-mlnb-RunDetail-none">—</div> : props.children}
    </section>
  );
}

/** What a view of one record takes: the record, the translations, and how to open a run it links to. */
export interface IRecordViewProps<T> {
  record: T;
  trans: TranslationBundle;
  onOpenRun: (runId: string) => void;
}

/** A table with one header row naming its columns; the rows are the children. */
export function Table(props: {
  className?: string;
  columns: string[];
  caption?: React.ReactNode;
  children: React.ReactNode;
}): JSX.Element {
  return (
    <table className={props.className}>
      {props.caption && <caption>{props.caption}</caption>}
      <thead>
        <tr>
          {props.columns.map(column => (
            <th key={column}>{column}</th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}

export function KeyValues(props: { rows: [string, React.ReactNode][] }): JSX.Element {
  return (
    <table className="jp-mlnb-RunDetail-table">
      <tbody>
        {props.rows.map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Markdown rendered by JupyterLab's renderer as untrusted: its HTML is sanitized. */
export function Markdown(props: { source: string; rendermime: IRenderMimeRegistry }): JSX.Element {
  const ref = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    const renderer = props.rendermime.createRenderer('text/markdown');
    const model = props.rendermime.createModel({ data: { 'text/markdown': props.source }, trusted: false });
    void renderer.renderModel(model).then(() => {
      ref.current?.replaceChildren(renderer.node);
    });
    return () => renderer.dispose();
  }, [props.source]);
  return <div ref={ref} />;
}
