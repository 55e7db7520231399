// JSON schemas of accounts beyond sign-in: memberships, invitations and password resets.
import { ref } from './responses.js';

const ROLE = { type: 'string', enum: ['master', 'client', 'viewer'], description: 'master: every client; client: reads and writes one client; viewer: reads one client' } as const;
const TOKEN = { type: 'string', maxLength: 100, description: 'The token of the one-time link (the last part of its path)' } as const;
const NEW_PASSWORD = { type: 'string', minLength: 10, maxLength: 200, description: '10 characters or more' } as const;

export const MEMBERSHIP = {
  $id: 'Membership',
  type: 'object',
  description: 'A client a user works for, and their role there',
  required: ['clientId', 'clientName', 'role'],
  properties: { clientId: { type: 'string' }, clientName: { type: 'string' }, role: { type: 'string', enum: ['client', 'viewer'] } },
} as const;

export const MEMBERSHIP_INPUT = {
  $id: 'MembershipInput',
  type: 'object',
  description: "The user's role on the client",
  required: ['role'],
  additionalProperties: false,
  properties: { role: { type: 'string', enum: ['client', 'viewer'] } },
} as const;

export const MEMBERSHIP_PARAMS = {
  type: 'object',
  required: ['id', 'clientId'],
  properties: { id: { type: 'string', maxLength: 64, description: 'The user' }, clientId: { type: 'string', maxLength: 64, description: 'The client' } },
} as const;

export const INVITATION = {
  $id: 'Invitation',
  type: 'object',
  description: 'An e-mail invited to a client (or as master) with a one-time link; expired ones may be resent',
  required: ['id', 'email', 'clientId', 'role', 'invitedBy', 'createdAt', 'expiresAt', 'status'],
  properties: {
    id: { type: 'string' },
    email: { type: 'string' },
    clientId: { type: 'string', nullable: true },
    role: ROLE,
    invitedBy: { type: 'string', description: 'Who invited, as the audit log names them' },
    createdAt: { type: 'integer' },
    expiresAt: { type: 'integer' },
    status: { type: 'string', enum: ['pending', 'expired'] },
  },
} as const;

export const INVITATION_PAGE = {
  $id: 'InvitationPage',
  type: 'object',
  description: 'The open invitations (neither accepted nor revoked) the caller sees, newest first',
  required: ['data'],
  properties: { data: { type: 'array', items: ref(INVITATION) } },
} as const;

export const INVITATION_SENT = {
  $id: 'InvitationSent',
  type: 'object',
  description: 'The invitation, and whether its link was e-mailed; when it was not (no SMTP_URL, or the mail server refused), the link to pass on',
  required: ['invitation', 'emailed', 'link'],
  properties: {
    invitation: ref(INVITATION),
    emailed: { type: 'boolean' },
    link: { type: 'string', nullable: true, description: 'The one-time link, only when it was not e-mailed' },
  },
} as const;

export const NEW_INVITATION = {
  $id: 'InvitationInput',
  type: 'object',
  description: 'Whom to invite, where, with which role',
  required: ['email', 'role'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', maxLength: 254 },
    role: ROLE,
    clientId: { type: 'string', maxLength: 64, description: 'The client of a client or viewer invitation; a client principal may omit it (its own).' },
  },
} as const;

export const INVITATION_PREVIEW = {
  $id: 'InvitationPreview',
  type: 'object',
  description: 'What a valid invitation link offers',
  required: ['email', 'clientName', 'role', 'existingAccount', 'expiresAt'],
  properties: {
    email: { type: 'string' },
    clientName: { type: 'string', nullable: true, description: 'null for a master invitation' },
    role: ROLE,
    existingAccount: { type: 'boolean', description: 'The e-mail has an account: accepting takes its current password, and adds the client to it' },
    expiresAt: { type: 'integer' },
  },
} as const;

export const INVITATION_ACCEPTANCE = {
  $id: 'InvitationAcceptance',
  type: 'object',
  description: 'The password the invitee chooses (or, for an existing account, its current password)',
  required: ['password'],
  additionalProperties: false,
  properties: { password: { type: 'string', maxLength: 200 } },
} as const;

export const RESET_REQUEST = {
  $id: 'PasswordResetRequest',
  type: 'object',
  description: 'The e-mail of the account to reset',
  required: ['email'],
  additionalProperties: false,
  properties: { email: { type: 'string', minLength: 1, maxLength: 254 } },
} as const;

export const RESET_PREVIEW = {
  $id: 'PasswordResetPreview',
  type: 'object',
  description: 'The account a valid reset link is for',
  required: ['email'],
  properties: { email: { type: 'string' } },
} as const;

export const NEW_PASSWORD_INPUT = {
  $id: 'NewPassword',
  type: 'object',
  description: 'The new password',
  required: ['password'],
  additionalProperties: false,
  properties: { password: NEW_PASSWORD },
} as const;

export const TOKEN_PARAMS = { type: 'object', required: ['token'], properties: { token: TOKEN } } as const;

export const ACCOUNT_COMPONENTS = [MEMBERSHIP, MEMBERSHIP_INPUT, INVITATION, INVITATION_PAGE, INVITATION_SENT, NEW_INVITATION, INVITATION_PREVIEW, INVITATION_ACCEPTANCE, RESET_REQUEST, RESET_PREVIEW, NEW_PASSWORD_INPUT] as const;
