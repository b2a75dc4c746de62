import { type MessageKey, ZH_LOSS_TITLES, en, zh } from './messages.js';
import { state } from './state.js';

export type { MessageKey };

export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, zh };

export function lang(): Lang {
  return state.get('lang', 'en') === 'zh' ? 'zh' : 'en';
}

/** The message in the URL's language, with `{name}` placeholders filled. */
export function t(key: MessageKey, vars: Readonly<Record<string, string | number>> = {}): string {
  return MESSAGES[lang()][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** A loss's display name in the URL's language. */
export function lossTitle(id: string, title: string): string {
  return lang() === 'zh' ? (ZH_LOSS_TITLES[id] ?? title) : title;
}

/** A message whose key is built at run time (`optimizer.${id}`), or `fallback` when there is none. */
export function tOr(key: string, fallback: string): string {
  return Object.hasOwn(en, key) ? t(key as MessageKey) : fallback;
}
