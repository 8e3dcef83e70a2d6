/**
 * The page: a header with the connection state (and the token form when the API asks for one),
 * then the views side by side. Views read the ClusterStore through hooks (store/hooks.ts).
 */
import { clearToken, currentToken } from '../api/token.js';
import { useCollections } from '../store/hooks.js';
import { DeploymentsView } from './DeploymentsView.js';
import { DetailPanel } from './DetailPanel.js';
import { Login } from './Login.js';
import { NodesView } from './NodesView.js';
import { ServicesView } from './ServicesView.js';
import { TimelineView } from './TimelineView.js';

export interface UiConfig {
  maxEndpointsPerSlice: number;
}

export function App({ config }: { config: UiConfig }) {
  const store = useCollections('$status');
  const status = store.status();
  return (
    <>
      <header class="top">
        <h1>miniplane</h1>
        <span class={`status status-${status.state}`} data-state={status.state}>
          {status.state === 'error' ? `error: ${status.message}` : status.state}
        </span>
        {currentToken() && (
          <button
            type="button"
            class="forget"
            onClick={() => {
              clearToken();
              store.start();
            }}
          >
            Forget token
          </button>
        )}
      </header>
      {status.state === 'unauthorized' && <Login onToken={() => store.start()} />}
      <main>
        <ServicesView maxEndpointsPerSlice={config.maxEndpointsPerSlice} />
        <NodesView />
        <DeploymentsView />
        <TimelineView />
      </main>
      <DetailPanel />
    </>
  );
}
