/** Repository-level tests: what the Python package ships. */
module.exports = {
  displayName: 'packaging',
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { tsconfig: { module: 'commonjs', isolatedModules: true, esModuleInterop: true } }
    ]
  }
};
