/**
 * A product snapshot to record, from `commerce.product.v1` or `PUT /v1/products/{id}`. It cannot be
 * built contradicting itself (`productSnapshotViolations`: each variant a declared value of every
 * option, each sku once, one currency), nor without an instant of publication and a version ≥ 1.
 */
import { productSnapshotViolations, type Actor } from '@rebound/contracts';
import { DomainError, type FieldProblem } from '@rebound/kernel';
import type { ProductOption, ProductSnapshot } from '../../catalogue';

/** The product as the commerce platform sends it (event or REST body), its publication an ISO timestamp. */
export interface ProductSnapshotInput {
  readonly productId: string;
  readonly title: string;
  readonly category: string;
  readonly options: readonly ProductOption[];
  readonly variants: readonly {
    readonly sku: string;
    readonly optionValues: Readonly<Record<string, string>>;
    readonly priceMinor: number;
    readonly currency: string;
    readonly active: boolean;
  }[];
  readonly version: number;
  readonly publishedAt: string;
}

export class RecordProductCommand {
  readonly product: ProductSnapshot;

  /** `recordedBy`: the caller of the API; null for a snapshot from Kafka. */
  constructor(snapshot: ProductSnapshotInput, recordedBy: Actor | null) {
    const publishedAt = new Date(snapshot.publishedAt);
    const problems: FieldProblem[] = [];
    if (snapshot.productId.length === 0) problems.push({ field: 'productId', message: 'must name the product' });
    if (!Number.isInteger(snapshot.version) || snapshot.version < 1) {
      problems.push({ field: 'version', message: 'must be a whole number, at least 1' });
    }
    if (Number.isNaN(publishedAt.getTime())) problems.push({ field: 'publishedAt', message: 'must be an instant' });
    problems.push(...productSnapshotViolations(snapshot));
    if (problems.length > 0) throw DomainError.invalid(problems);
    this.product = {
      productId: snapshot.productId,
      title: snapshot.title,
      category: snapshot.category,
      options: snapshot.options.map((option) => ({ name: option.name, values: [...option.values] })),
      variants: snapshot.variants.map((variant) => ({
        sku: variant.sku,
        optionValues: { ...variant.optionValues },
        priceMinor: variant.priceMinor,
        currency: variant.currency,
        active: variant.active,
      })),
      version: snapshot.version,
      publishedAt,
      recordedBy,
    };
  }
}
