/** Units and integration against real parts: a real SQLite file, kernel process and CLI. */
module.exports = {
  displayName: 'mlnb',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', isolatedModules: true } }] }
};
