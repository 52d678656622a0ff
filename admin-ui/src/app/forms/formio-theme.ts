const LINK_ID = 'adm-formio-theme';

/**
 * Links the Form.io theme (Bootstrap scoped to `.adm-formio`, built as the `formio-theme` bundle)
 * the first time a Form.io widget appears; the rest of the app never loads it.
 */
export function ensureFormioTheme(doc: Document): void {
  if (doc.getElementById(LINK_ID)) return;
  const link = doc.createElement('link');
  link.id = LINK_ID;
  link.rel = 'stylesheet';
  link.href = 'formio-theme.css'; // relative to <base href="/admin/">
  doc.head.appendChild(link);
}
