// What each alert rule is called in the app.
import type { AlertRule } from '../api/types';

export const RULE_NAMES: Readonly<Record<AlertRule, string>> = {
  tracking_rate: 'Server tracking rate low',
  traffic_spike: 'Traffic spike',
  tags_failing: 'Tags failing to load',
};
