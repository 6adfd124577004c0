import { ITranslator } from '@jupyterlab/translation';
import { SidePanel } from '@jupyterlab/ui-components';
import { datasetsIcon } from '../icons';
import { createSidebar } from '../sidebar';
import { IMlnbConnection } from '../tokens';

export const DATASETS_PANEL_ID = 'jp-mlnb-datasets';

/** The "Datasets" sidebar: the shared dataset catalog (search and details arrive with the catalog). */
export function createDatasetsPanel(connection: IMlnbConnection, translator: ITranslator): SidePanel {
  const trans = translator.load('mlnb');
  return createSidebar({
    id: DATASETS_PANEL_ID,
    label: trans.__('Datasets'),
    icon: datasetsIcon,
    connection,
    translator
  });
}
