import { LitElement, html } from 'lit';
import { BACKENDS, type BackendId, isBackendId } from './backends.js';
import { fmt } from './format.js';
import { LANGS, lang, t } from './i18n.js';
import { runtime } from './runtime.js';
import { VIEWS, state } from './state.js';
import './views/cross-entropy.js';
import './views/loss-explorer.js';
import './views/optimizer-race.js';
import './views/outliers.js';
import './views/train.js';

/** The shell: views, backend and language pickers (all in the URL), and the backend's time per step. */
export class PlaygroundApp extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    state.subscribe(() => {
      document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
      document.title = t('title');
      const wanted = state.get('backend', 'reference');
      if (isBackendId(wanted) && wanted !== runtime.id && wanted !== runtime.fallback?.requested) void runtime.use(wanted);
      this.requestUpdate();
    });
    runtime.subscribe(() => this.requestUpdate());
    const wanted = state.get('backend', 'reference');
    void runtime.use(isBackendId(wanted) ? wanted : 'reference');
    document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
  }

  override render() {
    const view = state.view();
    const selected = runtime.fallback?.requested ?? runtime.id;
    return html`
      <header>
        <h1>${t('title')}</h1>
        <p class="tagline">${t('tagline')}</p>
        <div class="pickers">
          <label>${t('backend')}
            <select data-testid="backend" @change=${(e: Event) => state.set({ backend: (e.target as HTMLSelectElement).value as BackendId })}>
              ${BACKENDS.map((b) => html`<option value=${b} ?selected=${b === selected}>${b}</option>`)}
            </select>
          </label>
          <span class="timing" data-testid="active-backend" data-backend=${runtime.id}>${runtime.id}${runtime.stepMs === undefined ? '' : html` · ${t('stepTime')}: <span data-testid="step-ms">${fmt(runtime.stepMs)}</span> ms`}</span>
          <label>${t('language')}
            <select data-testid="lang" @change=${(e: Event) => state.set({ lang: (e.target as HTMLSelectElement).value })}>
              ${LANGS.map((l) => html`<option value=${l} ?selected=${l === lang()}>${l === 'en' ? 'English' : '简体中文'}</option>`)}
            </select>
          </label>
        </div>
        ${runtime.fallback === undefined ? '' : html`<p class="notice" role="status" data-testid="backend-unavailable">${t('unavailable', { requested: runtime.fallback.requested, reason: runtime.fallback.reason })}</p>`}
        <nav>${VIEWS.map((v) => html`<a href=${`#${v}${location.hash.includes('?') ? location.hash.slice(location.hash.indexOf('?')) : ''}`} data-testid=${`nav-${v}`} class=${v === view ? 'active' : ''}
          @click=${(e: Event) => { e.preventDefault(); state.setView(v); }}>${t(`view.${v}`)}</a>`)}</nav>
      </header>
      <main data-view=${view}>${view === 'explorer' ? html`<lk-loss-explorer></lk-loss-explorer>`
        : view === 'outliers' ? html`<lk-outliers></lk-outliers>`
        : view === 'cross-entropy' ? html`<lk-cross-entropy></lk-cross-entropy>`
        : view === 'race' ? html`<lk-optimizer-race></lk-optimizer-race>`
        : html`<lk-train></lk-train>`}</main>
`;
  }
}

customElements.define('lk-app', PlaygroundApp);
