import type { SmartlinkStatus } from '../api/types';

/** Every status, in the order forms offer them (their names: the `status` messages). */
export const STATUSES: readonly SmartlinkStatus[] = ['draft', 'live', 'archived'];
