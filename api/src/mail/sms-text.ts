/**
 * How long an SMS is, as a gateway counts it. A text made only of the GSM 03.38 alphabet goes as 7-bit
 * characters (160 in one SMS, 153 per part of a longer one; `^{}\[~]|€` count two); any other character
 * (Arabic, Tifinagh, a no-break space) sends the whole text as UCS-2: 70 in one SMS, 67 per part.
 */

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';
const BASIC = new Set(GSM_BASIC);
const EXTENDED = new Set(GSM_EXTENDED);

export interface SmsLength {
  encoding: 'gsm' | 'ucs2';
  /** Characters as the encoding counts them (GSM's extended ones twice; UCS-2 code units). */
  units: number;
  segments: number;
}

/**
 * @example smsLength('Réclamation TNG-2026-000001') // → { encoding: 'gsm', units: 27, segments: 1 }
 */
export function smsLength(text: string): SmsLength {
  let units = 0;
  let gsm = true;
  for (const ch of text) {
    if (BASIC.has(ch)) units += 1;
    else if (EXTENDED.has(ch)) units += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: 'gsm', units, segments: units <= 160 ? 1 : Math.ceil(units / 153) };
  const ucs = text.length;
  return { encoding: 'ucs2', units: ucs, segments: ucs <= 70 ? 1 : Math.ceil(ucs / 67) };
}
