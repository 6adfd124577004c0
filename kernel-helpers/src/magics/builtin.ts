import { API_IDENTIFIER, createRegistry, LineMagic, MagicError, MagicRegistry } from './registry';
import { datasetMagic, histMagic, sqlMagic } from './catalog';
import { captureMagic, logMagic, paramMagic, runMagic, seedMagic } from './tracking';

/** `%mlnb`: prints the mlnb version and which store this notebook writes to. */
const mlnbMagic: LineMagic = {
  name: 'mlnb',
  summary: 'print the mlnb version and the store location',
  expand(args) {
    if (args) {
      throw new MagicError(`%mlnb takes no arguments (got "${args}").`);
    }
    return `${API_IDENTIFIER}.printInfo();`;
  }
};

/** The magics every mlnb notebook knows. */
export const BUILTIN_MAGICS: MagicRegistry = createRegistry(
  [mlnbMagic, paramMagic, runMagic, seedMagic, logMagic, captureMagic, datasetMagic, histMagic],
  [sqlMagic]
);
