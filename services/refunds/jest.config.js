module.exports = {
  displayName: 'refunds',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/services/refunds',
};
