import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from './i18n';
import './app/styles.css';
import { App } from './app/App';

const root = document.getElementById('root');
// A language that fails to load falls back to English (i18next); render either way.
void i18nReady.finally(() => {
  if (root) {
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  }
});
