import type { StaffRole } from '../db/schema.ts';
import type { Locale } from '../shared/locale.ts';

/**
 * The messages staff receive, in the recipient tenant's default language. Plain text only: it reads the
 * same in every mail client, right-to-left included.
 *
 * The zgh (Tifinagh) texts are a draft to be reviewed by a speaker before production.
 */
export interface MailContent {
  subject: string;
  text: string;
}

export type RoleName = StaffRole | 'operator';

const ROLE_NAMES: Record<RoleName, Record<Locale, string>> = {
  administrator: { ar: 'مدير(ة)', fr: 'administrateur·rice', zgh: 'ⴰⵏⵙⵎⵙⴰⵔ' },
  editor: { ar: 'محرر(ة)', fr: 'rédacteur·rice', zgh: 'ⴰⵎⴰⵔⴰ' },
  agent: { ar: 'موظف(ة)', fr: 'agent', zgh: 'ⴰⵎⵙⵡⵓⵔⵉ' },
  supervisor: { ar: 'مشرف(ة)', fr: 'superviseur·e', zgh: 'ⴰⵎⵙⵙⵓⴷⵙ' },
  operator: { ar: 'المشغل الوطني', fr: 'opérateur national', zgh: 'ⴰⵎⵙⵎⵓⵜⵜⵉ ⴰⵏⴰⵎⵓⵔ' },
};

export function roleName(role: RoleName, locale: Locale): string {
  return ROLE_NAMES[role][locale];
}

export interface InvitationMailInput {
  tenantName: string;
  inviterName: string;
  role: RoleName;
  link: string;
  days: number;
}

/** An invitation to join a tenant's console, with the link that sets the password. */
export function invitationMail(locale: Locale, v: InvitationMailInput): MailContent {
  const role = roleName(v.role, locale);
  switch (locale) {
    case 'ar':
      return {
        subject: `دعوة للانضمام إلى فضاء إدارة ${v.tenantName}`,
        text: [
          'السلام عليكم،',
          '',
          `يدعوكم ${v.inviterName} للانضمام إلى فضاء إدارة ${v.tenantName} على منصة جماعة، بصفة: ${role}.`,
          '',
          `لقبول الدعوة واختيار كلمة المرور، افتحوا هذا الرابط (صالح لمدة ${v.days} أيام ولمرة واحدة):`,
          v.link,
          '',
          'إذا لم تكونوا تنتظرون هذه الدعوة، يرجى تجاهل هذه الرسالة.',
        ].join('\n'),
      };
    case 'fr':
      return {
        subject: `Invitation à l'espace d'administration de ${v.tenantName}`,
        text: [
          'Bonjour,',
          '',
          `${v.inviterName} vous invite à rejoindre l'espace d'administration de ${v.tenantName} sur Jamaa, avec le rôle : ${role}.`,
          '',
          `Pour accepter et choisir votre mot de passe, ouvrez ce lien (valable ${v.days} jours, une seule fois) :`,
          v.link,
          '',
          "Si vous n'attendiez pas cette invitation, ignorez ce message.",
        ].join('\n'),
      };
    case 'zgh':
      return {
        subject: `ⴰⵙⵏⵓⴱⴳ ⵖⵔ ⵜⵏⴱⴰⴹⵜ ⵏ ${v.tenantName}`,
        text: [
          'ⴰⵣⵓⵍ,',
          '',
          `${v.inviterName} ⵉⵙⵏⵓⴱⴳ ⴽⵯⵏ ⵖⵔ ⵜⵏⴱⴰⴹⵜ ⵏ ${v.tenantName} ⴳ ⵊⴰⵎⴰⵄⴰ, ⵙ ⵜⵖⵓⵍⵜ: ${role}.`,
          '',
          `ⴰⴼⴰⴷ ⴰⴷ ⵜⴰⵎⵥⵎ ⴰⵙⵏⵓⴱⴳ ⴷ ⴰⴷ ⵜⵙⵜⵉⵎ ⵜⴰⴳⵓⵔⵉ ⵏ ⵓⵣⵔⴰⵢ, ⵔⵥⵎ ⴰⵙⵖⵏ ⴰ (ⵉⵣⵎⵎⴻⵎ ${v.days} ⵡⵓⵙⵙⴰⵏ, ⵢⴰⵜ ⵜⵉⴽⴽⴰⵍⵜ):`,
          v.link,
          '',
          'ⵎⴽ ⵓⵔ ⵜⵔⴰⵊⵓⵎ ⴰⵙⵏⵓⴱⴳ ⴰ, ⴰⴷⵊ ⵜⵓⵣⵉⵏⵜ ⴰ.',
        ].join('\n'),
      };
  }
}

export interface ResetMailInput {
  tenantName: string;
  email: string;
  link: string;
  minutes: number;
}

/** A password reset link. Says what to do when the request was not the recipient's. */
export function passwordResetMail(locale: Locale, v: ResetMailInput): MailContent {
  switch (locale) {
    case 'ar':
      return {
        subject: 'إعادة تعيين كلمة المرور على منصة جماعة',
        text: [
          'السلام عليكم،',
          '',
          `طُلبت إعادة تعيين كلمة المرور لحسابكم ${v.email} على ${v.tenantName}.`,
          '',
          `لاختيار كلمة مرور جديدة، افتحوا هذا الرابط (صالح لمدة ${v.minutes} دقيقة ولمرة واحدة):`,
          v.link,
          '',
          'إذا لم تطلبوا ذلك، تجاهلوا هذه الرسالة: تبقى كلمة المرور دون تغيير.',
        ].join('\n'),
      };
    case 'fr':
      return {
        subject: 'Réinitialisation de votre mot de passe Jamaa',
        text: [
          'Bonjour,',
          '',
          `Une réinitialisation du mot de passe de votre compte ${v.email} a été demandée sur ${v.tenantName}.`,
          '',
          `Pour choisir un nouveau mot de passe, ouvrez ce lien (valable ${v.minutes} minutes, une seule fois) :`,
          v.link,
          '',
          "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.",
        ].join('\n'),
      };
    case 'zgh':
      return {
        subject: 'ⴰⵙⵏⴼⵍ ⵏ ⵜⴳⵓⵔⵉ ⵏ ⵓⵣⵔⴰⵢ ⴳ ⵊⴰⵎⴰⵄⴰ',
        text: [
          'ⴰⵣⵓⵍ,',
          '',
          `ⵜⵜⵓⵙⵜⵔ ⵜⵓⵍⵙⴰ ⵏ ⵓⵙⵏⵓⵍⴼⵓ ⵏ ⵜⴳⵓⵔⵉ ⵏ ⵓⵣⵔⴰⵢ ⵏ ⵓⵎⵉⴹⴰⵏ ⵏⵏⴽ ${v.email} ⴳ ${v.tenantName}.`,
          '',
          `ⴰⴼⴰⴷ ⴰⴷ ⵜⵙⵜⵉⵜ ⵜⴰⴳⵓⵔⵉ ⵏ ⵓⵣⵔⴰⵢ ⵜⴰⵎⴰⵢⵏⵓⵜ, ⵔⵥⵎ ⴰⵙⵖⵏ ⴰ (ⵉⵣⵎⵎⴻⵎ ${v.minutes} ⵜⵓⵙⴷⵉⴷⵉⵏ, ⵢⴰⵜ ⵜⵉⴽⴽⴰⵍⵜ):`,
          v.link,
          '',
          'ⵎⴽ ⵓⵔ ⵜⵙⵜⵔⴷ ⴰⵢⴰ, ⴰⴷⵊ ⵜⵓⵣⵉⵏⵜ ⴰ: ⵜⴰⴳⵓⵔⵉ ⵏ ⵓⵣⵔⴰⵢ ⵏⵏⴽ ⵓⵔ ⵜⵜⵎⵏⴼⴰⵍ.',
        ].join('\n'),
      };
  }
}
