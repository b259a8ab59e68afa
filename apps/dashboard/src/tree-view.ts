import { h } from './dom.js';
import type { Changes, ConnectorModel, DeviceModel, GatewayStore, PropertyModel } from './store.js';
import { memberText } from './value-format.js';

/**
 * The connector → device → property tree with live values. Rows are kept per property and only
 * the rows that changed since the last frame are touched; rows out of view are not touched at all
 * but marked, and filled when they scroll into view, so thousands of updates per second to
 * thousands of properties cost only what is on screen. The structure is re-ordered only when
 * devices or properties come and go. `<details>` gives collapsing without any script.
 */
export class TreeView {
  private readonly connectorNodes = new Map<string, HTMLDetailsElement>();
  private readonly deviceNodes = new Map<string, HTMLDetailsElement>();
  private readonly rows = new Map<string, HTMLElement>();
  private selected: HTMLElement | undefined;
  private filter = '';
  /** Rows on screen (or nearly): the only ones updated as events arrive. */
  private readonly onScreen = new Set<HTMLElement>();
  /** Rows that changed while off screen, filled once they come into view. */
  private readonly stale = new Map<HTMLElement, PropertyModel>();
  private readonly visibility = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const row = entry.target as HTMLElement;
        if (!entry.isIntersecting) {
          this.onScreen.delete(row);
          continue;
        }
        this.onScreen.add(row);
        const property = this.stale.get(row);
        if (property !== undefined) {
          this.stale.delete(row);
          fillRow(row, property);
        }
      }
    },
    { rootMargin: '200px 0px' },
  );

  constructor(
    private readonly root: HTMLElement,
    private readonly store: GatewayStore,
    private readonly onSelect: (property: PropertyModel) => void,
  ) {}

  /** Shows only properties whose address or label contains `text` (case-insensitive). */
  setFilter(text: string): void {
    this.filter = text.trim().toLowerCase();
    this.renderStructure();
  }

  render(changes: Changes): void {
    if (changes.structure || changes.connectors.size > 0) this.renderStructure();
    for (const property of changes.properties) {
      const row = this.rows.get(keyOf(property));
      if (row === undefined) continue;
      if (this.onScreen.has(row)) fillRow(row, property);
      else this.stale.set(row, property);
    }
  }

  private renderStructure(): void {
    const connectorNodes: HTMLElement[] = [];
    const liveRows = new Set<string>();
    for (const connector of this.store.connectors.values()) {
      const node = this.connectorNode(connector);
      const deviceNodes: HTMLElement[] = [node.querySelector('summary')!];
      for (const device of connector.devices.values()) {
        const deviceNode = this.deviceNode(device);
        const rows: HTMLElement[] = [deviceNode.querySelector('summary')!];
        let shown = 0;
        for (const property of device.properties.values()) {
          const key = keyOf(property);
          liveRows.add(key);
          const row = this.row(property);
          row.hidden = !this.matches(property);
          if (!row.hidden) shown += 1;
          rows.push(row);
        }
        deviceNode.replaceChildren(...rows);
        deviceNode.hidden = shown === 0 && this.filter !== '';
        deviceNodes.push(deviceNode);
      }
      node.replaceChildren(...deviceNodes);
      connectorNodes.push(node);
    }
    for (const [key, row] of this.rows) {
      if (liveRows.has(key)) continue;
      this.rows.delete(key);
      this.visibility.unobserve(row);
      this.onScreen.delete(row);
      this.stale.delete(row);
    }
    this.root.replaceChildren(...connectorNodes);
  }

  private matches(property: PropertyModel): boolean {
    if (this.filter === '') return true;
    const text = `${property.connector}/${property.device}/${property.name} ${property.label ?? ''}`;
    return text.toLowerCase().includes(this.filter);
  }

  private connectorNode(connector: ConnectorModel): HTMLDetailsElement {
    let node = this.connectorNodes.get(connector.id);
    if (node === undefined) {
      node = h(
        'details',
        { class: 'connector', open: true, 'data-connector': connector.id },
        h('summary', {}, h('span', { class: 'name' }), ' ', h('span', { class: 'badge' })),
      );
      this.connectorNodes.set(connector.id, node);
    }
    const summary = node.querySelector('summary')!;
    summary.querySelector('.name')!.textContent = `${connector.id} (${connector.protocol})`;
    const badge = summary.querySelector('.badge')!;
    badge.textContent = connector.state;
    badge.setAttribute('data-connection', connector.state);
    // Values of a connector that is not connected are the last known ones: shown dimmed.
    node.toggleAttribute('data-stale', connector.state !== 'connected');
    return node;
  }

  private deviceNode(device: DeviceModel): HTMLDetailsElement {
    const key = `${device.connector}\u0000${device.name}`;
    let node = this.deviceNodes.get(key);
    if (node === undefined) {
      node = h(
        'details',
        { class: 'device', open: true, 'data-connector': device.connector, 'data-device': device.name },
        h('summary', {}, device.name),
      );
      this.deviceNodes.set(key, node);
    }
    return node;
  }

  private row(property: PropertyModel): HTMLElement {
    const key = keyOf(property);
    let row = this.rows.get(key);
    if (row === undefined) {
      row = h(
        'div',
        {
          class: 'property',
          tabindex: 0,
          'data-connector': property.connector,
          'data-device': property.device,
          'data-property': property.name,
        },
        h('span', { class: 'state' }),
        h('span', { class: 'pname' }),
        h('span', { class: 'values' }),
      );
      const select = () => {
        this.selected?.classList.remove('selected');
        row!.classList.add('selected');
        this.selected = row;
        this.onSelect(
          this.store.findProperty(property.connector, property.device, property.name) ?? property,
        );
      };
      row.addEventListener('click', select);
      row.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') select();
      });
      this.rows.set(key, row);
      this.visibility.observe(row);
      fillRow(row, property);
    }
    return row;
  }
}

function keyOf(property: PropertyModel): string {
  return `${property.connector}\u0000${property.device}\u0000${property.name}`;
}

function fillRow(row: HTMLElement, property: PropertyModel): void {
  const state = property.state ?? 'idle';
  row.setAttribute('data-state', state);
  row.setAttribute('data-updates', String(property.updates));
  const stateNode = row.children[0] as HTMLElement;
  stateNode.title = state;
  const nameNode = row.children[1] as HTMLElement;
  nameNode.textContent = property.label ?? property.name;
  const permission = property.permission ? ` · ${property.permission}` : '';
  const message = property.message ? `\n${property.message}` : '';
  nameNode.title = `${property.name} · ${property.type}${permission}${message}`;
  const values = row.children[2] as HTMLElement;
  const spans = values.children;
  const sameMembers =
    spans.length === property.members.length &&
    property.members.every((m, i) => spans[i]!.getAttribute('data-member') === m.name);
  if (sameMembers) {
    // The common case: new values for the same members; only changed text nodes are written.
    property.members.forEach((m, i) => {
      const span = spans[i]!;
      // Labels can arrive after the first values (browse answering after a live update).
      const label = `${m.label ?? m.name}=`;
      if (span.firstChild!.textContent !== label) span.firstChild!.textContent = label;
      const value = span.lastElementChild!;
      const text = memberText(m);
      if (value.textContent !== text) value.textContent = text;
    });
    return;
  }
  const parts = property.members.map((m) =>
    h('span', { class: 'member', 'data-member': m.name }, `${m.label ?? m.name}=`, h('b', {}, memberText(m))),
  );
  values.replaceChildren(...parts);
}
