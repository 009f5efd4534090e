module.exports = {
  displayName: 'warehouse-qc',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/services/warehouse-qc',
};
