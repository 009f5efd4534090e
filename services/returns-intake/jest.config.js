module.exports = {
  displayName: 'returns-intake',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/services/returns-intake',
};
