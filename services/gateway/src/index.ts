export { AccessLog, accessStream, type CaseViewing } from './access-log.ts';
export { createGatewayApp, type GatewayAppOptions } from './app.ts';
export { CaseServiceClient } from './case-service-client.ts';
export { CaseQueue, GATEWAY_SCHEMA, type QueuedCase } from './read-model/case-queue.ts';
export { printedSchema, schema } from './schema/index.ts';
export {
  createGatewayService,
  type GatewayService,
  type GatewayServiceOptions,
  type QueueFeed,
} from './service.ts';
export { createGateway, type GatewayOptions, queryLimits } from './yoga.ts';
