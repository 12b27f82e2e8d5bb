import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import et from './et.json';
import fi from './fi.json';
import sv from './sv.json';
import lt from './lt.json';
import ka from './ka.json';
import nb from './nb.json';

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

export const resources = { en, et, fi, sv, lt, ka, nb } as const;

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

void i18n.use(initReactI18next).init({
  resources: Object.fromEntries(Object.entries(resources).map(([k, v]) => [k, { translation: v }])),
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
