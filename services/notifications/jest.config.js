module.exports = {
  displayName: 'notifications',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/services/notifications',
};
