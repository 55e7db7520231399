// The services a smartlink can point to: the server's own catalogue (src/links/services.ts, plain
// data shared with the server), so the editor offers exactly what the pages know, and the
// catalogue resolver's providers as the server names them.
export { SERVICES, SERVICE_ID, serviceLabel, type ServiceInfo } from '../../../src/links/services';
export { PROVIDER_LABELS } from '../../../src/catalogue/types';
