import { z } from '@hono/zod-openapi';
import { DEPARTMENTS } from '@jamaa/tenants/departments.ts';

const names = z.object({ ar: z.string().optional(), fr: z.string().optional(), zgh: z.string().optional() });

export const StaffRoleSchema = z.enum(['administrator', 'editor', 'agent', 'supervisor']).openapi('StaffRole');
/** One of the commune's departments (`tenants/src/departments.ts`, labelled in three languages there). */
export const DepartmentSchema = z.enum(DEPARTMENTS).openapi('Department', { description: "An agent's department code", example: 'civil-status' });
const email = z.email().max(254).openapi({ example: 'admin@casablanca.demo.jamaa.ma' });
/** Length and commonness are checked by the service, which answers PASSWORD_TOO_SHORT / PASSWORD_TOO_COMMON. */
const newPassword = z.string().max(256);
const token = z.string().regex(/^[a-z2-7]{32}$/);
export const TokenParamSchema = z.object({ token: token.openapi({ param: { name: 'token', in: 'path' } }) });
export const UserIdParamSchema = z.object({ userId: z.uuid().openapi({ param: { name: 'userId', in: 'path' } }) });
export const InvitationIdParamSchema = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

// Signing in

export const LoginRequestSchema = z.object({ email, password: z.string().min(1).max(256) }).openapi('LoginRequest');
export const SignInResultSchema = z
  .object({
    status: z.enum(['signed_in', 'two_factor_required']),
    expiresAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('SignInResult');
export const TotpCodeSchema = z.object({ code: z.string().regex(/^\d{6}$/) }).openapi('TotpCode');
export const RecoveryCodeSchema = z.object({ code: z.string().min(16).max(40) }).openapi('RecoveryCode');

export const MeSchema = z
  .object({
    user: z.object({ id: z.string(), email: z.string(), displayName: z.string(), twoFactorEnabled: z.boolean() }),
    tenantId: z.string(),
    role: StaffRoleSchema.nullable(),
    department: z.string().nullable(),
    operator: z.boolean(),
    /** The session still owes its second factor. */
    twoFactorPending: z.boolean(),
    expiresAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Me');

export const ResetRequestSchema = z.object({ email }).openapi('PasswordResetRequest');
export const ResetPasswordSchema = z.object({ token, password: newPassword }).openapi('PasswordReset');
export const ChangePasswordSchema = z.object({ currentPassword: z.string().min(1).max(256), newPassword }).openapi('PasswordChange');
export const StatusSchema = z.object({ status: z.string() }).openapi('Status');

export const TotpEnrollmentSchema = z
  .object({ secret: z.string().openapi({ description: 'Base32, for typing into an app' }), uri: z.string().openapi({ description: 'otpauth:// URI for a QR code' }) })
  .openapi('TotpEnrollment');
/** Regenerating the recovery codes asks for the password again. */
export const RegenerateRecoveryCodesSchema = z.object({ password: z.string().min(1).max(256) }).openapi('RegenerateRecoveryCodes');
export const RecoveryCodesSchema = z
  .object({ recoveryCodes: z.array(z.string()).openapi({ description: 'Shown once; each works once' }) })
  .openapi('RecoveryCodes');

// Staff of a tenant

export const TenantRoleSchema = z.object({
  tenantId: z.string(),
  slug: z.string(),
  names,
  role: StaffRoleSchema,
  department: z.string().nullable(),
  disabled: z.boolean(),
});

export const MemberSchema = z
  .object({
    userId: z.string(),
    email: z.string(),
    displayName: z.string(),
    role: StaffRoleSchema,
    department: z.string().nullable(),
    /** Disabled in this tenant. */
    disabled: z.boolean(),
    /** The account itself was disabled by the operator. */
    accountDisabled: z.boolean(),
    twoFactorEnabled: z.boolean(),
    since: z.string().openapi({ format: 'date-time' }),
    /** Rights on this commune's arrondissements. */
    tenantRoles: z.array(TenantRoleSchema),
  })
  .openapi('Member');

export const PendingInvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: StaffRoleSchema,
    department: z.string().nullable(),
    invitedBy: z.string().nullable(),
    expiresAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('PendingInvitation');

export const StaffListSchema = z.object({ members: z.array(MemberSchema), invitations: z.array(PendingInvitationSchema) }).openapi('StaffList');

export const InviteRequestSchema = z
  .object({ email, role: StaffRoleSchema, department: DepartmentSchema.optional() })
  .openapi('InviteRequest');
export const InvitationCreatedSchema = z
  .object({ invitation: PendingInvitationSchema, delivered: z.boolean().openapi({ description: 'Always true: the mail is written with the invitation and delivered afterwards, with retries' }) })
  .openapi('InvitationCreated');
export const RoleChangeSchema = z.object({ role: StaffRoleSchema, department: DepartmentSchema.optional() }).openapi('RoleChange');

export const InvitationDetailsSchema = z
  .object({
    email: z.string(),
    role: StaffRoleSchema,
    department: z.string().nullable(),
    tenant: z.object({ id: z.string(), slug: z.string(), names }),
    expiresAt: z.string().openapi({ format: 'date-time' }),
    /** The address already has an account: accepting asks for its password instead of a new one. */
    accountExists: z.boolean(),
  })
  .openapi('InvitationDetails');
export const AcceptInvitationSchema = z
  .object({ password: z.string().max(256), displayName: z.string().trim().min(1).max(120).optional() })
  .openapi('AcceptInvitation');
export const AcceptedSchema = z.object({ email: z.string(), accountCreated: z.boolean() }).openapi('InvitationAccepted');

// The operator

export const AccountSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    operator: z.boolean(),
    disabled: z.boolean(),
    twoFactorEnabled: z.boolean(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Account');
export const AccountListSchema = z.object({ accounts: z.array(AccountSchema) }).openapi('AccountList');

export type SignInResult = z.infer<typeof SignInResultSchema>;
export type Me = z.infer<typeof MeSchema>;
export type Member = z.infer<typeof MemberSchema>;
export type PendingInvitation = z.infer<typeof PendingInvitationSchema>;
export type StaffList = z.infer<typeof StaffListSchema>;
export type InvitationDetails = z.infer<typeof InvitationDetailsSchema>;
export type Account = z.infer<typeof AccountSchema>;
export type RecoveryCodes = z.infer<typeof RecoveryCodesSchema>;
export type RegenerateRecoveryCodes = z.infer<typeof RegenerateRecoveryCodesSchema>;
