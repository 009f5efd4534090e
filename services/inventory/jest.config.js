module.exports = {
  displayName: 'inventory',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/services/inventory',
};
