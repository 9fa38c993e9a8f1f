import { fail } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { clientFor } from '#lib/server/api.ts';
import { formValues, invalid, refused } from '#lib/server/forms.ts';
import type { Actions } from './$types';

/** The otpauth URI as an inline SVG QR code (the page's CSP allows no data: images). */
function qrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** The enrolment being confirmed, shown again when the first code is refused. */
async function enrollmentOf(values: Record<string, string>) {
  const { secret, uri } = values;
  return secret && uri?.startsWith('otpauth://') ? { secret, uri, qr: await qrSvg(uri) } : null;
}

export const actions = {
  password: async (event) => {
    const values = formValues(await event.request.formData());
    const currentPassword = values.currentPassword ?? '';
    const newPassword = values.newPassword ?? '';
    const fields: Record<string, string> = {};
    if (!currentPassword) fields.currentPassword = 'required';
    if (!newPassword) fields.newPassword = 'required';
    else if (newPassword !== values.confirmPassword) fields.confirmPassword = 'passwords_differ';
    if (Object.keys(fields).length > 0) return invalid(fields, { ...values, form: 'password' });
    const response = await clientFor(event).api.v1.auth.password.change.$post({ json: { currentPassword, newPassword } });
    if (!response.ok) {
      const failure = await refused(response, { ...values, form: 'password' });
      // The service's password rules are about the new password.
      if (['PASSWORD_TOO_SHORT', 'PASSWORD_TOO_COMMON'].includes(failure.data.code)) failure.data.fields.newPassword = 'weak';
      if (failure.data.code === 'INVALID_CREDENTIALS') failure.data.fields.currentPassword = 'wrong';
      return failure;
    }
    return { done: 'password' as const };
  },
  enroll: async (event) => {
    const response = await clientFor(event).api.v1.auth.totp.enroll.$post();
    if (!response.ok) return refused(response, { form: 'totp' });
    const { secret, uri } = await response.json();
    return { enrollment: { secret, uri, qr: await qrSvg(uri) } };
  },
  confirm: async (event) => {
    const values = formValues(await event.request.formData());
    const code = (values.code ?? '').replace(/\s+/g, '');
    const enrollment = await enrollmentOf(values);
    if (!/^\d{6}$/.test(code)) return fail(422, { ...invalid({ code: code ? 'invalid_format' : 'required' }, { form: 'totp' }).data, enrollment });
    const response = await clientFor(event).api.v1.auth.totp.enroll.confirm.$post({ json: { code } });
    if (!response.ok) {
      const failure = await refused(response, { form: 'totp' });
      return fail(failure.status, { ...failure.data, enrollment });
    }
    return { done: 'totp' as const, recoveryCodes: (await response.json()).recoveryCodes };
  },
  recovery: async (event) => {
    const values = formValues(await event.request.formData());
    const password = values.password ?? '';
    if (!password) return invalid({ password: 'required' }, { form: 'recovery' });
    const response = await clientFor(event).api.v1.auth['recovery-codes'].$post({ json: { password } });
    if (!response.ok) {
      const failure = await refused(response, { form: 'recovery' });
      if (failure.data.code === 'INVALID_CREDENTIALS') failure.data.fields.password = 'wrong';
      return failure;
    }
    return { done: 'recovery' as const, recoveryCodes: (await response.json()).recoveryCodes };
  },
} satisfies Actions;
