import { lang, LANG_NAMES, LANG_SWITCH_LABELS, setLanguage, type Lang } from '../i18n';

/**
 * The language switch (docs/screens.md `lang-switch`): one button naming the other language in that language
 * ("Français" on an English screen). The choice is remembered on this device.
 */
export function LangSwitch({ class: cls }: { class?: string }) {
  const other: Lang = lang.value === 'en' ? 'fr' : 'en';
  return (
    <button
      type="button"
      class={`lang-switch${cls ? ` ${cls}` : ''}`}
      data-testid="lang-switch"
      lang={other}
      aria-label={LANG_SWITCH_LABELS[other]}
      onClick={() => void setLanguage(other)}
    >
      {LANG_NAMES[other]}
    </button>
  );
}
