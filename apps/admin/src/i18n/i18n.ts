import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

import en from './locales/en.json';

/** The languages the dashboard ships, English first (the fallback and the source of every key). */
export const LANGUAGES = ['en', 'de', 'fr', 'it', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language in its own words, for the language menu. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  it: 'Italiano',
  es: 'Español',
};

export const NAMESPACES = Object.keys(en) as (keyof typeof en)[];

const STORAGE_KEY = 'timetracker.language';

// English ships in the entry chunk (it is the fallback for a key a catalog lacks); the other
// catalogs and their dayjs locales are chunks of their own, fetched when chosen.
const catalogs = import.meta.glob<{ default: Record<string, Record<string, unknown>> }>([
  './locales/*.json',
  '!./locales/en.json',
]);
const dayjsLocales: Record<Exclude<Language, 'en'>, () => Promise<unknown>> = {
  de: () => import('dayjs/locale/de'),
  fr: () => import('dayjs/locale/fr'),
  it: () => import('dayjs/locale/it'),
  es: () => import('dayjs/locale/es'),
};

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en },
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  ns: NAMESPACES,
  defaultNS: 'common',
  // Catalogs are loaded by loadLanguage before the switch, so init and t() are synchronous.
  initAsync: false,
  partialBundledLanguages: true,
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** "de-CH" → "de"; undefined when the dashboard does not speak it. */
export function toLanguage(tag: string | null | undefined): Language | undefined {
  const base = tag?.toLowerCase().split(/[-_]/)[0];
  return isLanguage(base) ? base : undefined;
}

/**
 * The language to show: the user's preference, else what the person last picked in this browser,
 * else the first of the browser's languages the dashboard speaks, else English.
 */
export function pickLanguage(
  preference: string | null | undefined,
  stored: string | null | undefined,
  browser: readonly string[],
): Language {
  return toLanguage(preference) ?? toLanguage(stored) ?? browser.map(toLanguage).find(Boolean) ?? 'en';
}

export function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled: the browser's languages decide
  }
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // nothing to remember it in; it lasts until the page is reloaded
  }
}

export function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

/** Fetches a catalog (and its dayjs locale for the date pickers) once. */
export async function loadLanguage(language: Language): Promise<void> {
  if (language === 'en' || i18n.hasResourceBundle(language, 'common')) return;
  const load = catalogs[`./locales/${language}.json`];
  if (!load) throw new Error(`no catalog for ${language}`);
  const [catalog] = await Promise.all([load(), dayjsLocales[language]()]);
  for (const [ns, messages] of Object.entries(catalog.default)) {
    i18n.addResourceBundle(language, ns, messages, true, true);
  }
}

/** Switches the whole dashboard; text, dates and numbers follow at once. */
export async function setLanguage(language: Language): Promise<void> {
  await loadLanguage(language);
  if (i18n.language !== language) await i18n.changeLanguage(language);
}

/** The active language. */
export function currentLanguage(): Language {
  return toLanguage(i18n.language) ?? 'en';
}

/**
 * The BCP 47 tag for Intl: the browser's own variant when it speaks the active language (en-GB
 * writes 2/3/2026 as 02/03/2026, de-CH its own numbers), else the bare language.
 */
export function intlLocale(): string {
  const language = currentLanguage();
  return browserLanguages().find((tag) => toLanguage(tag) === language) ?? language;
}

i18n.on('languageChanged', (language) => {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
});
