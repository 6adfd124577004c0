import { IRunRecord } from './types';

/**
 * A notebook that reproduces a run: its executed cells in the order they ran (failed ones
 * included, marked), after a markdown cell saying where it comes from and with which params.
 */
export function notebookFromRun(run: IRunRecord): object {
  const params = Object.entries(run.params).map(([k, p]) => `- \`${k}\` = \`${JSON.stringify(p.value)}\``);
  const git = run.code.git;
  const header = [
    `# Reproduction of run "${run.name}"`,
    '',
    `Run \`${run.id}\` of \`${run.experiment}\`, started ${run.startTime}` +
      (git?.commit
        ? `, code at commit \`${git.commit.slice(0, 12)}\`${git.dirty ? ' with uncommitted changes' : ''}`
        : '') +
      '. The cells below are the ones that ran, in the order they ran.',
    ...(params.length ? ['', 'Parameters:', ...params] : [])
  ].join('\n');
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'mlnb', display_name: 'TypeScript (mlnb)', language: 'typescript' },
      mlnb: { reproducedFrom: run.id }
    },
    cells: [
      { cell_type: 'markdown', id: 'reproduction', metadata: {}, source: header },
      ...run.cells.map(cell => ({
        cell_type: 'code',
        id: `run-${cell.seq}`,
        metadata: cell.status === 'error' ? { mlnb: { failedInRun: true } } : {},
        execution_count: null,
        outputs: [],
        source:
          cell.status === 'error'
            ? `// This cell failed in the run: ${cell.error?.split('\n')[0] ?? ''}\n${cell.source}`
            : cell.source
      }))
    ]
  };
}
