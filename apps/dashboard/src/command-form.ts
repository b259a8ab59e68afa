import type { CommandAction, LabwireClient, Member } from '@labwire/client';
import { h } from './dom.js';
import type { PropertyModel } from './store.js';
import { commandTarget } from './topic-path.js';
import { memberText } from './value-format.js';

const ACTIONS: CommandAction[] = ['set', 'invoke', 'raw'];

/**
 * The form for one property, built from its metadata: number and text vectors get an input per
 * member, On/Off switches a button per member, JSON properties an arguments editor. Every send
 * shows its acknowledgement (the instrument's `done` with the result, or the coded failure).
 */
export class CommandForm {
  readonly root: HTMLElement;
  private readonly current = new Map<string, HTMLElement>();
  private readonly stateBadge: HTMLElement;
  private readonly ack: HTMLOutputElement;
  private sent = 0;

  constructor(
    private property: PropertyModel,
    private readonly actions: string[],
    private readonly client: LabwireClient,
    /** False for a `read` token: the gateway would refuse every command with FORBIDDEN. */
    private readonly canCommand = true,
  ) {
    this.stateBadge = h('span', { class: 'state-badge' });
    this.ack = h('output', { class: 'ack', 'data-status': 'none' });
    const p = property;
    this.root = h(
      'section',
      {
        class: 'command-form',
        'data-connector': p.connector,
        'data-device': p.device,
        'data-property': p.name,
      },
      h('h3', {}, `${p.device} · ${p.label ?? p.name}`, ' ', this.stateBadge),
      h(
        'p',
        { class: 'meta' },
        `${p.connector}/${p.device}/${p.name} · ${p.type} · ${p.permission ?? 'permission unknown'}`,
      ),
      this.body(),
      this.ack,
    );
    this.update(property);
  }

  shows(property: PropertyModel): boolean {
    const p = this.property;
    return p.connector === property.connector && p.device === property.device && p.name === property.name;
  }

  /** Live values and state of the selected property, without touching what the user typed. */
  update(property: PropertyModel): void {
    this.property = property;
    const state = property.state ?? 'idle';
    this.stateBadge.textContent = state;
    this.stateBadge.setAttribute('data-state', state);
    for (const member of property.members) {
      const node = this.current.get(member.name);
      if (node !== undefined) node.textContent = memberText(member);
    }
  }

  private body(): HTMLElement {
    const p = this.property;
    const writable = p.permission !== 'ro';
    if (!writable) return h('p', { class: 'note' }, 'Read-only: values update live in the tree.');
    if (!this.canCommand)
      return h('p', { class: 'note' }, 'Your token has the read role: it cannot send commands.');
    if ((p.type === 'number' || p.type === 'text') && p.members.length > 0) return this.vectorForm();
    if (p.type === 'switch' && p.members.every((m) => isOnOff(m.value))) return this.switchButtons();
    return this.argumentsForm();
  }

  /** One input per member; sends every member (INDI sends whole vectors). */
  private vectorForm(): HTMLElement {
    const p = this.property;
    const inputs = p.members.map((m) => {
      const input = h('input', {
        name: m.name,
        type: p.type === 'number' ? 'number' : 'text',
        // INDI steps are slider hints, not rules: any value may be sent.
        step: p.type === 'number' ? 'any' : undefined,
        min: m.min !== undefined && m.max !== undefined && m.max > m.min ? m.min : undefined,
        max: m.min !== undefined && m.max !== undefined && m.max > m.min ? m.max : undefined,
        value: m.value === undefined ? '' : String(m.value),
      });
      const now = h('span', { class: 'current' });
      this.current.set(m.name, now);
      return h('label', {}, h('span', { class: 'mname' }, m.label ?? m.name), input, now);
    });
    // The instrument judges the values (its refusal shows as the acknowledgement), not the browser.
    const form = h(
      'form',
      { class: 'vector', novalidate: true },
      ...inputs,
      h('button', { type: 'submit' }, 'Set'),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const args: Record<string, unknown> = {};
      for (const input of form.querySelectorAll('input')) {
        args[input.name] = p.type === 'number' ? Number(input.value) : input.value;
      }
      void this.send('set', commandTarget(p.device, p.name), args);
    });
    return form;
  }

  /** A button per member that turns it on (INDI switches: the others follow the rule). */
  private switchButtons(): HTMLElement {
    const p = this.property;
    const buttons = p.members.map((m) => {
      const now = h('span', { class: 'current' });
      this.current.set(m.name, now);
      const button = h('button', { type: 'button', name: m.name }, m.label ?? m.name);
      button.addEventListener('click', () => {
        const on = typeof m.value === 'boolean' ? true : 'On';
        void this.send('set', commandTarget(p.device, p.name), { [m.name]: on });
      });
      return h('span', { class: 'switch' }, button, now);
    });
    return h('div', { class: 'switches' }, ...buttons);
  }

  /** Anything else (JSON properties, grabs, moves by name): an action and JSON arguments. */
  private argumentsForm(): HTMLElement {
    const p = this.property;
    const allowed = this.actions.length > 0 ? this.actions : ACTIONS;
    const preferred = p.permission === 'wo' && allowed.includes('invoke') ? 'invoke' : allowed[0];
    const select = h('select', { name: 'action' });
    for (const a of allowed) select.append(h('option', { value: a, selected: a === preferred }, a));
    const textarea = h('textarea', { name: 'args', rows: 4, spellcheck: false });
    textarea.value = JSON.stringify(defaultArgs(p.members), null, 1);
    const form = h(
      'form',
      { class: 'arguments' },
      h('label', {}, h('span', { class: 'mname' }, 'action'), select),
      h('label', {}, h('span', { class: 'mname' }, 'args (JSON)'), textarea),
      h('button', { type: 'submit' }, 'Send'),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      let args: unknown;
      try {
        args = textarea.value.trim() === '' ? undefined : JSON.parse(textarea.value);
      } catch (err) {
        this.showAck('failed', `arguments are not JSON: ${(err as Error).message}`);
        return;
      }
      void this.send(select.value as CommandAction, commandTarget(p.device, p.name), args);
    });
    return form;
  }

  private async send(action: CommandAction, target: string, args: unknown): Promise<void> {
    const connector = this.property.connector;
    const started = performance.now();
    this.showAck('pending', `${action} ${target} ${args === undefined ? '' : JSON.stringify(args)} …`);
    try {
      const reply = await this.client.command(connector, { target, action, args });
      const ms = Math.round(performance.now() - started);
      const result = reply.result === undefined ? '' : `: ${JSON.stringify(reply.result)}`;
      this.showAck('done', `done in ${ms} ms (command ${reply.id})${result}`);
    } catch (err) {
      const error = err as { code?: string; message: string };
      this.showAck('failed', `failed ${error.code ?? ''}: ${error.message}`);
    }
  }

  private showAck(status: 'pending' | 'done' | 'failed', text: string): void {
    // Counts sends, so whoever watches can tell this acknowledgement from the previous one.
    if (status === 'pending') this.ack.setAttribute('data-sent', String(++this.sent));
    this.ack.setAttribute('data-status', status);
    this.ack.textContent = text;
  }
}

function isOnOff(value: unknown): boolean {
  return value === 'On' || value === 'Off' || typeof value === 'boolean';
}

/** What the arguments editor starts with: the members' current values by name. */
function defaultArgs(members: Member[]): unknown {
  if (members.length === 0) return {};
  return Object.fromEntries(members.map((m) => [m.name, m.value ?? null]));
}
