/** `GET` and `PUT /v1/products/{productId}`: the product copy as stored, with its variants' sellable stock. */
import { ApiProperty } from '@nestjs/swagger';
import { ActorResponse } from './return.response';
import { ProductOptionRequest, ProductVariantRequest } from './put-product.request';

export class ProductVariantResponse extends ProductVariantRequest {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Units channels may sell now, summed over the warehouses inventory announced.',
  })
  sellable!: number;
}

export class ProductResponse {
  @ApiProperty({ example: 'prod-tee' }) productId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: 'apparel' }) category!: string;
  @ApiProperty({ type: [ProductOptionRequest] }) options!: ProductOptionRequest[];
  @ApiProperty({ type: [ProductVariantResponse] }) variants!: ProductVariantResponse[];
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ format: 'date-time' }) publishedAt!: string;
  @ApiProperty({
    type: ActorResponse,
    nullable: true,
    description: 'Who wrote this snapshot through the API, from their token; null for one from commerce.product.v1.',
  })
  recordedBy!: ActorResponse | null;
}
