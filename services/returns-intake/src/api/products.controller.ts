/**
 * REST for the catalogue read model: writing a product for commerce platforms that do not publish
 * `commerce.product.v1`, and reading one with its variants' sellable stock, for support.
 */
import { Body, Controller, Get, Inject, Param, Put, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { ApiProblemResponses, CallerOf, Requires, actorOf, type Caller } from '@rebound/http';
import { DomainError } from '@rebound/kernel';
import { TRANSACTIONS } from '@rebound/service';
import type { RecordedProduct } from '../domain/catalogue';
import type { TransactionRunner } from '../domain/ports';
import { RecordProduct } from '../domain/use-cases/record-product/record-product';
import { RecordProductCommand } from '../domain/use-cases/record-product/record-product.command';
import { ProductResponse } from './dto/product.response';
import { PutProductRequest } from './dto/put-product.request';

const PRODUCT_ID = /^[\x21-\x7e]{1,64}$/;

@ApiTags('products')
@Controller('v1/products')
export class ProductsController {
  constructor(
    @Inject(TRANSACTIONS) private readonly transactions: TransactionRunner,
    private readonly recordProduct: RecordProduct,
  ) {}

  @Put(':productId')
  @Requires('catalogue:write')
  @ApiOperation({
    summary: 'Create or replace the copy of a product that exchanges are offered from.',
    description:
      'Only the commerce platform writes products (`catalogue:write`). The body is the whole product: a variant ' +
      'left out is gone. Every variant has a value for each option, one the option lists, and no other; each sku ' +
      'is listed once; all prices are in one currency (400, naming each field). A snapshot whose version is lower ' +
      'than the stored one changes nothing (409 `stale-product-version`); the same version replaces it. 201 when ' +
      'the product is new, 200 when it replaced one. The caller, from its token, is recorded as `recordedBy`.',
  })
  @ApiCreatedResponse({ type: ProductResponse, description: 'The product was new.' })
  @ApiOkResponse({ type: ProductResponse, description: 'The product replaced the stored one.' })
  @ApiProblemResponses(400, 409)
  async put(
    @Param('productId') productId: string,
    @Body() body: PutProductRequest,
    @Res({ passthrough: true }) response: ServerResponse,
    @CallerOf() caller: Caller,
  ): Promise<ProductResponse> {
    requireProductId(productId);
    const command = new RecordProductCommand({ ...body, productId }, actorOf(caller));
    const stored = await this.transactions.run(async (tx) => {
      const result = await this.recordProduct.execute(tx, command);
      if (result.outcome === 'stale') {
        throw new DomainError(
          'conflict',
          'stale-product-version',
          `product ${productId} is at version ${result.storedVersion}; version ${command.product.version} is older and was not recorded`,
          {
            problems: [{ field: 'version', message: `must be at least ${result.storedVersion}, the version stored` }],
            extensions: { storedVersion: result.storedVersion },
          },
        );
      }
      response.statusCode = result.outcome === 'created' ? 201 : 200;
      return tx.catalogue.product(productId);
    });
    // Just saved in this transaction, so it is there.
    return presentProduct(stored as RecordedProduct);
  }

  @Get(':productId')
  @Requires('catalogue:read')
  @ApiOperation({
    summary: 'A product as returns-intake knows it: its variants with their sellable stock over all warehouses.',
    description: 'For support: what exchanges are offered from. Stock is as inventory last announced it.',
  })
  @ApiOkResponse({ type: ProductResponse })
  @ApiProblemResponses(400, 404)
  async get(@Param('productId') productId: string): Promise<ProductResponse> {
    requireProductId(productId);
    const product = await this.transactions.run((tx) => tx.catalogue.product(productId));
    if (!product) throw new DomainError('not-found', 'unknown-product', `no product ${productId} is known`);
    return presentProduct(product);
  }
}

function requireProductId(productId: string): void {
  if (!PRODUCT_ID.test(productId)) {
    throw new DomainError('invalid', 'invalid-product-id', 'product id must be 1-64 printable ASCII characters', {
      problems: [{ field: 'productId', message: 'must be 1-64 printable ASCII characters' }],
    });
  }
}

function presentProduct(product: RecordedProduct): ProductResponse {
  return {
    productId: product.productId,
    title: product.title,
    category: product.category,
    options: product.options.map((option) => ({ name: option.name, values: [...option.values] })),
    variants: product.variants.map((variant) => ({
      sku: variant.sku,
      optionValues: { ...variant.optionValues },
      priceMinor: variant.priceMinor,
      currency: variant.currency,
      active: variant.active,
      sellable: variant.sellable,
    })),
    version: product.version,
    publishedAt: product.publishedAt.toISOString(),
    recordedBy: product.recordedBy,
  };
}
