import { type BusEvent, LabwireClient, type LabwireClientError } from '@labwire/client';
import { CommandForm } from './command-form.js';
import { ConnectorBar } from './connector-bar.js';
import { DataPanel } from './data-panel.js';
import { webSocketUrl } from './gateway-address.js';
import { showLogin } from './login-form.js';
import { MessageLog } from './message-log.js';
import { RenderScheduler } from './render-scheduler.js';
import { GatewayStore, type PropertyModel } from './store.js';
import { readToken, storeToken } from './token-source.js';
import { topicOf } from './topic-path.js';
import { TreeView } from './tree-view.js';
import './style.css';

const byId = (id: string) => document.getElementById(id)!;
/** How long to wait before trying again when the very first connect fails. */
const FIRST_CONNECT_RETRY_MS = 3_000;

const token = readToken();
const client = new LabwireClient({ url: webSocketUrl(), ...(token === undefined ? {} : { token }) });
const store = new GatewayStore();
const log = new MessageLog(byId('log'));
const dataPanel = new DataPanel(byId('data'));
const connectorBar = new ConnectorBar(byId('connectors'), store);
let form: CommandForm | undefined;
let eventsSinceTick = 0;
/** Set once the first connect has loaded the state; `open` events after that are reconnects. */
let loaded = false;

const tree = new TreeView(byId('tree'), store, (property: PropertyModel) => {
  const actions = store.connectors.get(property.connector)?.actions ?? [];
  const canCommand = client.welcome?.role !== 'read';
  form = new CommandForm(property, actions, client, canCommand);
  byId('command').replaceChildren(form.root);
  dataPanel.highlight(topicOf(property.connector, property.device, property.name));
});

const scheduler = new RenderScheduler(() => {
  const changes = store.takeChanges();
  tree.render(changes);
  connectorBar.render(changes.connectors);
  dataPanel.render(changes.data);
  log.render();
  if (form !== undefined) {
    for (const property of changes.properties) if (form.shows(property)) form.update(property);
  }
});
store.listen(() => scheduler.request());

function onEvent(event: BusEvent): void {
  eventsSinceTick += 1;
  store.apply(event);
  if (log.add(event)) scheduler.request();
}

function setStatus(status: string, text: string): void {
  const node = byId('status');
  node.setAttribute('data-status', status);
  node.textContent = text;
}

/** Connectors and their trees as they are now; live events keep them current afterwards. */
async function loadState(): Promise<void> {
  const connectors = await client.connectors();
  store.setConnectors(connectors);
  await Promise.all(
    connectors.map(async (c) => {
      try {
        store.applyBrowse(c.id, c.protocol, await client.browse(c.id));
      } catch (err) {
        log.push({
          time: Date.now(),
          source: c.id,
          level: 'warning',
          text: `browse failed: ${(err as Error).message}`,
        });
      }
    }),
  );
}

async function start(): Promise<void> {
  try {
    const welcome = await client.connect();
    setStatus('open', `${welcome.principal} · ${welcome.role}`);
  } catch (err) {
    const error = err as LabwireClientError;
    if (error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN') {
      setStatus('refused', error.code);
      showLogin(byId('tree'), `The gateway refused the connection (${error.code}). Enter a token.`);
    } else {
      // Not reachable (yet): the client reconnects only after a connection that worked, so retry here.
      setStatus('unreachable', `gateway unreachable (${error.code}), retrying…`);
      setTimeout(() => void start(), FIRST_CONNECT_RETRY_MS);
    }
    return;
  }
  if (token !== undefined) byId('logout').hidden = false;
  // Subscribe before browsing: nothing that happens in between is missed.
  await client.subscribe('#', onEvent, {
    kinds: ['connection', 'device', 'property', 'message', 'data', 'command'],
  });
  await loadState();
  loaded = true;
}

client.on('reconnecting', ({ attempt }) => setStatus('reconnecting', `reconnecting (attempt ${attempt})…`));
client.on('open', (welcome) => {
  // The first `open` comes with connect(); start() loads then. Later ones are reconnects, after
  // which the gateway's state may have moved on (connectors restarted, devices gone or added).
  setStatus('open', `${welcome.principal} · ${welcome.role}`);
  if (!loaded) return;
  store.reset();
  void loadState();
});
client.on('error', (error) => {
  if (error.code === 'UNAUTHORIZED') showLogin(byId('tree'), 'The token is no longer valid. Enter a token.');
});
byId('filter').addEventListener('input', (e) => tree.setFilter((e.target as HTMLInputElement).value));
byId('logout').addEventListener('click', () => {
  storeToken(undefined);
  location.reload();
});
setInterval(() => {
  byId('rate').textContent = `${eventsSinceTick} events/s`;
  eventsSinceTick = 0;
}, 1000);

void start();
