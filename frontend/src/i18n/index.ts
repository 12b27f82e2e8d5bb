import i18n, { type BackendModule, type ResourceKey } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';

/** The interface languages, each named in itself. */
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'et', name: 'Eesti' },
  { code: 'fi', name: 'Suomi' },
  { code: 'sv', name: 'Svenska' },
  { code: 'lt', name: 'Lietuvių' },
  { code: 'ka', name: 'ქართული' },
  { code: 'nb', name: 'Norsk bokmål' },
] as const;

/**
 * English ships in the main bundle (it is the fallback for every key); the other six load
 * on demand, each its own file, when first chosen: a phone in Batumi downloads Georgian
 * and English, not all seven.
 */
const others = import.meta.glob<{ default: ResourceKey }>(['./*.json', '!./en.json']);

const onDemand: BackendModule = {
  type: 'backend',
  init() {},
  read(language, _namespace, callback) {
    if (language === 'en') return callback(null, en);
    const load = others[`./${language}.json`];
    if (!load) return callback(null, {});
    load().then(
      (m) => callback(null, m.default),
      (e: unknown) => callback(e instanceof Error ? e.message : String(e), null),
    );
  },
};

const STORAGE_KEY = 'ihub.language';
const supported = LANGUAGES.map((l) => l.code as string);

function initial(): string {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved && supported.includes(saved)) return saved;
  } catch {
    // storage may be unavailable (private mode); fall through
  }
  for (const l of typeof navigator !== 'undefined' ? navigator.languages : []) {
    const base = l.toLowerCase().split('-')[0] ?? '';
    if (supported.includes(base)) return base;
    if (base === 'no' || base === 'nn') return 'nb';
  }
  return 'en';
}

/** Resolves when the first language is loaded: render after it, so no text flashes. */
export const i18nReady = i18n.use(onDemand).use(initReactI18next).init({
  lng: initial(),
  fallbackLng: 'en',
  supportedLngs: supported,
  interpolation: { escapeValue: false },
  returnNull: false,
});

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  try {
    window.localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // ignore
  }
});
document.documentElement.lang = i18n.language;

export default i18n;
