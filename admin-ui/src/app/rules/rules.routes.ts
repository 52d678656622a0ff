import type { Routes } from '@angular/router';

export const rulesRoutes: Routes = [
  { path: '', loadComponent: () => import('./rules-list.page').then((m) => m.RulesListPage) },
  { path: 'new', loadComponent: () => import('./rule-editor.page').then((m) => m.RuleEditorPage) },
  { path: ':key', loadComponent: () => import('./rule-editor.page').then((m) => m.RuleEditorPage) },
];
