// The services a smartlink can point to: the server's own catalogue (src/links/services.ts, plain
// data shared with the server), so the editor offers exactly what the pages know.
export { SERVICES, SERVICE_ID, serviceLabel, type ServiceInfo } from '../../../src/links/services';
