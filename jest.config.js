/** Every jest suite of the repository: `npx jest` at the root runs them all. */
module.exports = {
  projects: ['<rootDir>/kernel-helpers', '<rootDir>/extension', '<rootDir>/tests'],
  // Integration tests start real kernels, servers and pip: generous, never a speed assertion.
  testTimeout: 300000
};
