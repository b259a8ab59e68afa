import { h } from './dom.js';
import { storeToken } from './token-source.js';

/**
 * Shown when the gateway refuses the connection: asks for a token, keeps it for this tab and
 * reloads, so the page connects again with it.
 */
export function showLogin(root: HTMLElement, reason: string): void {
  const input = h('input', {
    type: 'password',
    name: 'token',
    autocomplete: 'current-password',
    placeholder: 'bearer token',
    required: true,
  });
  const form = h(
    'form',
    { class: 'login' },
    h('p', {}, reason),
    h('label', {}, 'Token ', input),
    h('button', { type: 'submit' }, 'Connect'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    storeToken(input.value.trim());
    location.reload();
  });
  root.replaceChildren(form);
  input.focus();
}
