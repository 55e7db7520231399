// Names for the API's resources, for code that holds one (a Client, a Smartlink, a report): the
// named schemas of the API's document (components.schemas), as generated in schema.ts.
import type { components, paths } from './schema.js';

type Schemas = components['schemas'];

export type Session = Schemas['Session'];
export type User = Schemas['User'];
export type Role = User['role'];
export type Membership = Schemas['Membership'];
export type Invitation = Schemas['Invitation'];
export type InvitationSent = Schemas['InvitationSent'];
export type Client = Schemas['Client'];
export type ClientPatch = Schemas['ClientPatch'];
export type Smartlink = Schemas['Smartlink'];
export type ServiceLink = Schemas['ServiceLink'];
export type SmartlinkStatus = Smartlink['status'];
export type ApiKey = Schemas['ApiKey'];
export type Alert = Schemas['Alert'];
export type AuditEntry = Schemas['AuditEntry'];
/** Every error answer: a stable `error` code and a `message` for people. */
export type ApiErrorBody = Schemas['Error'];

export type OverviewReport = Schemas['OverviewReport'];
export type TimeseriesReport = Schemas['TimeseriesReport'];
export type BreakdownReport = Schemas['BreakdownReport'];
export type RealtimeReport = Schemas['RealtimeReport'];
export type PerformanceReport = Schemas['PerformanceReport'];
export type ClientsReport = Schemas['ClientsReport'];
export type Reconciliation = Schemas['Reconciliation'];
/** What a breakdown can be by (GET /api/v1/analytics/breakdown/{dimension}). */
export type Dimension = paths['/api/v1/analytics/breakdown/{dimension}']['get']['parameters']['path']['dimension'];
