import { h } from './dom.js';
import type { GatewayStore } from './store.js';

/** One chip per connector with its connection state, always in view at the top of the page. */
export class ConnectorBar {
  private readonly chips = new Map<string, HTMLElement>();

  constructor(
    private readonly root: HTMLElement,
    private readonly store: GatewayStore,
  ) {}

  render(changed: Set<string>): void {
    for (const id of changed) {
      const connector = this.store.connectors.get(id);
      if (connector === undefined) continue;
      let chip = this.chips.get(id);
      if (chip === undefined) {
        chip = h('span', { class: 'chip', 'data-connector': id });
        this.chips.set(id, chip);
        this.root.append(chip);
      }
      chip.setAttribute('data-connection', connector.state);
      chip.textContent = `${id} · ${connector.state}`;
      chip.title = `${connector.protocol}: ${connector.devices.size} devices`;
    }
  }
}
