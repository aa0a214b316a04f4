import 'i18next';

import type en from './locales/en.json';

// t('…') keys are checked against the English catalog, the source of every key.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: typeof en;
  }
}
