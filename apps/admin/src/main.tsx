import './styles.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app';
import { browserLanguages, pickLanguage, setLanguage, storedLanguage } from './i18n/i18n';

const root = document.getElementById('root');
if (!root) throw new Error('index.html must contain <div id="root">');

// The catalog of the language to show first arrives before the first paint (English is built
// in); a signed-in user's preference may switch it once /auth/me answers.
void setLanguage(pickLanguage(null, storedLanguage(), browserLanguages()))
  // A catalog that cannot be fetched leaves the dashboard in English rather than blank.
  .catch(() => undefined)
  .then(() =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
