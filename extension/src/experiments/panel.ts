import { ITranslator } from '@jupyterlab/translation';
import { SidePanel } from '@jupyterlab/ui-components';
import { experimentsIcon } from '../icons';
import { createSidebar } from '../sidebar';
import { IMlnbConnection } from '../tokens';

export const EXPERIMENTS_PANEL_ID = 'jp-mlnb-experiments';

/** The "Experiments" sidebar: tracked runs of the notebooks (runs arrive with run tracking). */
export function createExperimentsPanel(connection: IMlnbConnection, translator: ITranslator): SidePanel {
  const trans = translator.load('mlnb');
  return createSidebar({
    id: EXPERIMENTS_PANEL_ID,
    label: trans.__('Experiments'),
    icon: experimentsIcon,
    connection,
    translator
  });
}
