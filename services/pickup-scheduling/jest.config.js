module.exports = {
  displayName: 'pickup-scheduling',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/services/pickup-scheduling',
};
