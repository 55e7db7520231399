// Every client the signed-in user may see (all of them for a master), shared by every screen
// that lists or names clients.
import { useApiList } from './useApi';

export const useClients = () => useApiList('/api/v1/clients');
