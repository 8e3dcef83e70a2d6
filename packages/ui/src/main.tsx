/**
 * The page's entry: takes a `#token=` handed over in the URL, reads /ui/config.json (the
 * controller settings the views need), starts the ClusterStore and renders the App into #app.
 */
import { render } from 'preact';
import { takeTokenFromUrl } from './api/token.js';
import { defaultMaxEndpointsPerSlice } from './model/sliceShards.js';
import { ClusterStore } from './store/clusterStore.js';
import { StoreContext } from './store/hooks.js';
import { App, type UiConfig } from './views/App.js';

async function loadConfig(): Promise<UiConfig> {
  const fallback = { maxEndpointsPerSlice: defaultMaxEndpointsPerSlice };
  try {
    const res = await fetch('/ui/config.json', { credentials: 'omit' });
    const c = (await res.json()) as Partial<UiConfig>;
    return { ...fallback, ...(typeof c.maxEndpointsPerSlice === 'number' ? { maxEndpointsPerSlice: c.maxEndpointsPerSlice } : {}) };
  } catch {
    return fallback;
  }
}

takeTokenFromUrl();
// Views redraw at most 10 times a second: a Deployment scaling up sends hundreds of events a
// second, and each redraw repaints every list in view (bench/ui.mjs: 10 frames over 50 ms instead
// of 24 when redrawing every frame, at load 12).
const store = new ClusterStore({ minIntervalMs: 100 });
const config = await loadConfig();
store.start();
render(
  <StoreContext.Provider value={store}>
    <App config={config} />
  </StoreContext.Provider>,
  document.getElementById('app')!,
);
