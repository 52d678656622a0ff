/**
 * Links a stylesheet bundle built with `inject: false` (angular.json) the first time a widget that
 * needs it appears — Form.io's Bootstrap theme, bpmn-js's styles — so the rest of the app never loads
 * it. `href` is relative to the app's `<base href>`.
 */
export function linkStylesheetOnce(doc: Document, href: string): void {
  if (doc.querySelector(`link[rel="stylesheet"][href="${href}"]`)) return;
  const link = doc.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  doc.head.appendChild(link);
}

/** The Form.io theme: Bootstrap scoped to `.cityops-formio` (and Form.io's dialogs). */
export const ensureFormioTheme = (doc: Document): void => linkStylesheetOnce(doc, 'formio-theme.css');

/** bpmn-js's stylesheets and CityOps' diagram markers. */
export const ensureBpmnStyles = (doc: Document): void => linkStylesheetOnce(doc, 'bpmn-js.css');
