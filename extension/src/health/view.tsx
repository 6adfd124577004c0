import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';
import type { DoctorAnswer } from '../api';
import { HealthModel } from './model';

export const HEALTH_CSS = {
  root: 'jp-mlnb-Health',
  score: 'jp-mlnb-Health-score',
  list: 'jp-mlnb-Health-list',
  answer: 'jp-mlnb-Health-answer',
  mark: 'jp-mlnb-Health-mark',
  question: 'jp-mlnb-Health-question',
  evidence: 'jp-mlnb-Health-evidence',
  improve: 'jp-mlnb-Health-improve',
  error: 'jp-mlnb-Health-error'
} as const;

/** The Health view: the ML Joel test's nine answers, their evidence and the next step of each. */
export class HealthWidget extends ReactWidget {
  constructor(
    private readonly model: HealthModel,
    private readonly trans: TranslationBundle
  ) {
    super();
    this.id = 'jp-mlnb-health';
    this.title.label = trans.__('mlnb Health');
    this.addClass(HEALTH_CSS.root);
    model.start();
  }

  protected render(): JSX.Element {
    const { model, trans } = this;
    return (
      <UseSignal signal={model.changed} initialArgs={model.state}>
        {(_, state) => {
          const { value, loading, error } = state ?? model.state;
          if (!value) {
            return (
              <div className={error ? HEALTH_CSS.error : HEALTH_CSS.score} role={error ? 'alert' : undefined}>
                {error
                  ? trans.__('The health check failed: %1', error.message)
                  : loading
                    ? trans.__('Checking…')
                    : ''}
              </div>
            );
          }
          return (
            <>
              <div className={HEALTH_CSS.score} aria-label={trans.__('Score')}>
                {trans.__('Score %1 / 9', value.score)}
                <button className="jp-mod-styled" onClick={() => void model.refresh()}>
                  {trans.__('Check again')}
                </button>
              </div>
              <ol className={HEALTH_CSS.list}>
                {value.answers.map(a => (
                  <Answer key={a.number} answer={a} trans={trans} />
                ))}
              </ol>
            </>
          );
        }}
      </UseSignal>
    );
  }

  dispose(): void {
    this.model.dispose();
    super.dispose();
  }
}

const WORDS = { yes: 'yes', partly: 'partly', no: 'no' } as const;

function Answer(props: { answer: DoctorAnswer; trans: TranslationBundle }): JSX.Element {
  const { answer: a, trans } = props;
  return (
    <li className={`${HEALTH_CSS.answer} jp-mod-${a.answer}`} data-question={a.number}>
      <span className={HEALTH_CSS.mark}>{trans.__(WORDS[a.answer])}</span>
      <span className={HEALTH_CSS.question}>{a.question}</span>
      <ul className={HEALTH_CSS.evidence}>
        {a.evidence.map((e, i) => (
          <li key={i}>{e}</li>
        ))}
      </ul>
      <div className={HEALTH_CSS.improve}>
        {trans.__('Next step:')} <code>{a.improve}</code>
      </div>
    </li>
  );
}
