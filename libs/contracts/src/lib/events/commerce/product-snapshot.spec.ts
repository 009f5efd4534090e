import { productSnapshotViolations, type ProductSnapshotShape } from './product-snapshot';

const tee: ProductSnapshotShape = {
  options: [
    { name: 'size', values: ['S', 'M', 'L'] },
    { name: 'colour', values: ['white', 'navy'] },
  ],
  variants: [
    { sku: 'TEE-S-WHITE', optionValues: { size: 'S', colour: 'white' }, currency: 'EUR' },
    { sku: 'TEE-M-NAVY', optionValues: { size: 'M', colour: 'navy' }, currency: 'EUR' },
  ],
};

describe('a product snapshot that contradicts itself', () => {
  it('is consistent when every variant has a declared value of every option, its own sku and the one currency', () => {
    expect(productSnapshotViolations(tee)).toEqual([]);
    expect(
      productSnapshotViolations({ options: [], variants: [{ sku: 'GIFT', optionValues: {}, currency: 'EUR' }] }),
    ).toEqual([]);
  });

  it('names a variant missing an option, with an undeclared value, or with an option the product lacks', () => {
    const variants: ProductSnapshotShape['variants'] = [
      { sku: 'TEE-S', optionValues: { size: 'S' }, currency: 'EUR' },
      { sku: 'TEE-XXL-WHITE', optionValues: { size: 'XXL', colour: 'white' }, currency: 'EUR' },
      { sku: 'TEE-M-NAVY-SILK', optionValues: { size: 'M', colour: 'navy', fabric: 'silk' }, currency: 'EUR' },
    ];
    expect(productSnapshotViolations({ ...tee, variants })).toEqual([
      { field: 'variants[0].optionValues.colour', message: 'is required: the product has option "colour"' },
      {
        field: 'variants[1].optionValues.size',
        message: 'must be one of the values of option "size": S, M, L',
      },
      { field: 'variants[2].optionValues.fabric', message: 'the product has no option "fabric"' },
    ]);
  });

  it('names a sku listed twice, a second currency, and an option or value declared twice', () => {
    const snapshot: ProductSnapshotShape = {
      options: [
        { name: 'size', values: ['S', 'S'] },
        { name: 'size', values: ['M'] },
      ],
      variants: [
        { sku: 'TEE-S', optionValues: { size: 'S' }, currency: 'EUR' },
        { sku: 'TEE-S', optionValues: { size: 'S' }, currency: 'USD' },
      ],
    };
    expect(productSnapshotViolations(snapshot)).toEqual([
      { field: 'options[0].values[1]', message: 'value "S" is listed twice' },
      { field: 'options[1].name', message: 'option "size" is declared twice' },
      { field: 'variants[1].sku', message: 'sku "TEE-S" is listed twice' },
      { field: 'variants[1].currency', message: "must be EUR, the currency of the product's prices" },
    ]);
  });
});
