export { AccessLog, accessStream, type CaseViewing } from '@chungtay/service-kit';
export { createGatewayApp, type GatewayAppOptions } from './app.ts';
export { GatewayEnvironment } from './environment.ts';
export { CaseQueue, GATEWAY_SCHEMA, type QueuedCase } from './read-model/case-queue.ts';
export { printedSchema, schema } from './schema/index.ts';
export {
  createGatewayService,
  type GatewayService,
  type GatewayServiceOptions,
} from './service.ts';
export { ServiceClient } from './service-client.ts';
export { createGateway, type GatewayOptions, queryLimits } from './yoga.ts';
