import sharp from 'sharp';
import { isLocale, resolveText, type Locale } from '@jamaa/tenants/locale.ts';
import { SITE_ICON_NAMES, type Site, type SiteIconName } from './site.schemas.ts';
import { escapeXml } from '../shared/xml.ts';

export { SITE_ICON_NAMES, type SiteIconName };

/**
 * The icons of a tenant's site, served at the root of its host (`/favicon.svg`, `/icon-192.png`…): drawn
 * from its logo when it has one, else from its colours and the initial of its name. Browsers, phones'
 * home screens and the web app manifest read them.
 */
export const SITE_ICONS: Record<SiteIconName, { type: string; size: number; shape: 'rounded' | 'full' }> = {
  'favicon.svg': { type: 'image/svg+xml', size: 64, shape: 'rounded' },
  'icon-192.png': { type: 'image/png', size: 192, shape: 'rounded' },
  'icon-512.png': { type: 'image/png', size: 512, shape: 'rounded' },
  // Android crops a maskable icon to any shape within the central 80 %: full bleed, content in the middle.
  'icon-maskable-512.png': { type: 'image/png', size: 512, shape: 'full' },
  // iOS fills transparency with black and rounds the corners itself: opaque and square.
  'apple-touch-icon.png': { type: 'image/png', size: 180, shape: 'full' },
};

export function isSiteIconName(name: string): name is SiteIconName {
  return (SITE_ICON_NAMES as readonly string[]).includes(name);
}

/** The tenant's logo, when it has one: its bytes and type (PNG from uploads; SVG for the shipped demo logos). */
export interface IconLogo {
  bytes: Uint8Array;
  contentType: string;
}

/**
 * The letter a tenant's icon shows: the first letter of its French name (read in every script), else of
 * its name in its default language, without the Arabic article.
 *
 * @example iconLetter({ names: { ar: 'الدار البيضاء', fr: 'Casablanca' }, defaultLocale: 'ar' }) // → 'C'
 * @example iconLetter({ names: { ar: 'الدار البيضاء' }, defaultLocale: 'ar' })                    // → 'د'
 */
export function iconLetter(site: Pick<Site, 'names' | 'defaultLocale' | 'slug'>): string {
  const order: Locale[] = ['fr', site.defaultLocale, 'ar', 'zgh'].filter(isLocale);
  const name = resolveText(site.names, order[0] ?? 'fr', order.slice(1))?.text ?? site.slug;
  const words = name.trim().split(/\s+/);
  const first = (words[0] ?? '').replace(/^ال(?=.)/u, '');
  const letter = [...first.normalize('NFC')].find((ch) => /\p{L}/u.test(ch)) ?? '';
  return letter.toLocaleUpperCase('fr') || '•';
}


const COLOUR = /^#[0-9a-f]{6}$/i;

/**
 * The icon of a tenant without a logo: its initial in white on its primary colour (which reaches 4.5:1
 * against white, `tenants/src/contrast.ts`), above a stripe of its accent. `rounded` leaves transparent
 * corners (favicons, the manifest's "any" icons); `full` fills the square (maskable, Apple touch icons),
 * the letter kept inside the central safe zone.
 */
export function letterMarkSvg(input: { primaryColor: string; accentColor: string; letter: string; shape: 'rounded' | 'full' }): string {
  // Validated colours only: anything else falls back to the platform's (never pasted into the SVG).
  const primary = COLOUR.test(input.primaryColor) ? input.primaryColor : '#0d5c46';
  const accent = COLOUR.test(input.accentColor) ? input.accentColor : '#b3261e';
  const full = input.shape === 'full';
  const radius = full ? 0 : 14;
  const fontSize = full ? 36 : 48;
  const stripe = full ? '<rect x="30" y="72" width="40" height="5" rx="2.5" fill="' + accent + '"/>' : `<rect x="22" y="80" width="56" height="7" rx="3.5" fill="${accent}"/>`;
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100">',
    `<rect width="100" height="100" rx="${radius}" fill="${primary}"/>`,
    `<text x="50" y="${full ? 50 : 48}" font-family="DejaVu Sans, Liberation Sans, Noto Sans, Arial, system-ui, sans-serif" font-weight="700" font-size="${fontSize}" fill="#ffffff" text-anchor="middle" dominant-baseline="central">${escapeXml(input.letter)}</text>`,
    stripe,
    '</svg>',
  ].join('');
}

/** Decodes a logo (PNG, JPEG, WebP, or a shipped SVG) at most `side` pixels wide and high. */
async function logoRaster(logo: IconLogo, side: number): Promise<Buffer> {
  const svg = logo.contentType === 'image/svg+xml';
  return sharp(logo.bytes, { limitInputPixels: 4096 * 4096, ...(svg ? { density: 300 } : {}) })
    .resize(side, side, { fit: 'contain', background: { r: 255, g: 255, b: 255, alpha: 0 } })
    .png()
    .toBuffer();
}

/**
 * A logo on a white square (logos are drawn for a light background), inside a margin: wider for a
 * `full` icon, whose edges a phone may crop.
 */
async function logoIconPng(logo: IconLogo, size: number, shape: 'rounded' | 'full'): Promise<Buffer> {
  const inner = Math.round(size * (shape === 'full' ? 0.7 : 0.84));
  const raster = await logoRaster(logo, inner);
  const radius = shape === 'full' ? 0 : Math.round(size * 0.14);
  const background = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="${size}" height="${size}" rx="${radius}" fill="#ffffff"/></svg>`,
  );
  const offset = Math.round((size - inner) / 2);
  return sharp(background)
    .composite([{ input: raster, left: offset, top: offset }])
    .png({ compressionLevel: 9 })
    .toBuffer();
}

export interface RenderedIcon {
  bytes: Uint8Array;
  contentType: string;
}

/** Draws one of a tenant's icons. */
export async function renderSiteIcon(
  name: SiteIconName,
  site: Pick<Site, 'names' | 'defaultLocale' | 'slug' | 'branding'>,
  logo: IconLogo | null,
): Promise<RenderedIcon> {
  const spec = SITE_ICONS[name];
  if (name === 'favicon.svg') {
    if (logo) {
      // The logo, rasterised, inside an SVG: one URL whatever the tenant has.
      const png = await logoIconPng(logo, spec.size, spec.shape);
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${spec.size} ${spec.size}" width="${spec.size}" height="${spec.size}"><image width="${spec.size}" height="${spec.size}" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
      return { bytes: new TextEncoder().encode(svg), contentType: spec.type };
    }
    const svg = letterMarkSvg({ ...site.branding, letter: iconLetter(site), shape: spec.shape });
    return { bytes: new TextEncoder().encode(svg), contentType: spec.type };
  }
  if (logo) return { bytes: new Uint8Array(await logoIconPng(logo, spec.size, spec.shape)), contentType: spec.type };
  const svg = letterMarkSvg({ ...site.branding, letter: iconLetter(site), shape: spec.shape });
  const png = await sharp(Buffer.from(svg), { density: (72 * spec.size) / 100 })
    .resize(spec.size, spec.size)
    .png({ compressionLevel: 9 })
    .toBuffer();
  return { bytes: new Uint8Array(png), contentType: spec.type };
}
