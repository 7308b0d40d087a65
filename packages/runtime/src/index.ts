export {
  ConfigurationError,
  ConsumingEnvironment,
  port,
  readEnvironment,
  ServiceEnvironment,
} from './config.ts';
export { openServiceParts, type ServiceParts } from './parts.ts';
export { type RunningService, runService, type StartedService, serviceMain } from './serve.ts';
