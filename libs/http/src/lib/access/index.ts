export * from './access.guard';
export * from './access-rule.decorator';
export * from './caller';
export * from './token-verifier';
