import { Injectable, InjectionToken, Pipe, inject, signal, type PipeTransform } from '@angular/core';

/** The UI languages: Vietnamese is the default, English switchable at runtime. */
export type Lang = 'vi' | 'en';
export type Dictionary = Readonly<Record<string, string>>;

/** Each app provides its own dictionaries; keys missing in English fall back to Vietnamese, then to the key. */
export const DICTIONARIES = new InjectionToken<Readonly<Record<Lang, Dictionary>>>('cityops.dictionaries');

/** The city's time zone: every time shown is Đồng Xoài time, whatever the browser's zone. */
export const CITY_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const LANG_KEY = 'cityops.lang';

@Injectable({ providedIn: 'root' })
export class I18n {
  private readonly dictionaries = inject(DICTIONARIES);
  readonly lang = signal<Lang>(storedLang());

  /** `{name}` placeholders are filled from `params`. Reads the language signal, so views re-render on switch. */
  t(key: string, params?: Readonly<Record<string, string | number>>): string {
    const lang = this.lang();
    const text = this.dictionaries[lang][key] ?? this.dictionaries.vi[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (params[name] !== undefined ? String(params[name]) : m)) : text;
  }

  setLang(lang: Lang): void {
    this.lang.set(lang);
    try {
      localStorage.setItem(LANG_KEY, lang);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    if (typeof document !== 'undefined') document.documentElement.lang = lang;
  }

  /** A date-time in city time, in the current language's conventions. */
  dateTime(value: string | number | Date): string {
    return new Intl.DateTimeFormat(this.lang() === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: CITY_TIME_ZONE, dateStyle: 'short', timeStyle: 'short' }).format(new Date(value));
  }
}

function storedLang(): Lang {
  try {
    const v = localStorage.getItem(LANG_KEY);
    return v === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

/** `{{ 'rules.title' | t }}`; impure so a language switch re-renders (the lookup is a map read). */
@Pipe({ name: 't', pure: false })
export class TranslatePipe implements PipeTransform {
  private readonly i18n = inject(I18n);
  transform(key: string, params?: Readonly<Record<string, string | number>>): string {
    return this.i18n.t(key, params);
  }
}
