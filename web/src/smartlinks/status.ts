import type { SmartlinkStatus } from '../api/types';

export const STATUS_NAMES: Readonly<Record<SmartlinkStatus, string>> = { draft: 'Draft', live: 'Live', archived: 'Archived' };
