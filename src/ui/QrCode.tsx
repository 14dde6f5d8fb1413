import { useEffect, useState } from 'preact/hooks';

/** Colors of every QR code: the app's darkest wine on white (scanners need the contrast). */
const DARK = '#2a0a0a';
const LIGHT = '#ffffff';

/**
 * `text` as a QR code (inline SVG, scaled by CSS through `class`). The qrcode library loads the first time a code is
 * shown, so screens without one never download it. `label` is the accessible name; `testId` the test id.
 */
export function QrCode({ text, label, testId, class: cls = 'qr' }: { text: string; label: string; testId?: string; class?: string }) {
  const [svg, setSvg] = useState('');
  useEffect(() => {
    let current = true;
    void import('qrcode')
      .then((QR) => QR.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: DARK, light: LIGHT } }))
      .then(
        (s) => current && setSvg(s),
        () => current && setSvg(''),
      );
    return () => void (current = false);
  }, [text]);
  return <div class={cls} data-testid={testId} role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />;
}
