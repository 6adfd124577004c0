/** The extension's pure parts (no DOM, no JupyterLab): formats, conversions, parsers. */
module.exports = {
  displayName: 'extension',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    '^.+\\.tsx?$': [
      'ts-jest',
      { tsconfig: { module: 'commonjs', isolatedModules: true, esModuleInterop: true, jsx: 'react' } }
    ]
  }
};
