import type { Member } from '@labwire/client';

const MAX_TEXT = 80;

/** A member's value as one short line: numbers to 6 significant digits, long text cut. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return String(value);
    return Number.parseFloat(value.toPrecision(6)).toString();
  }
  if (typeof value === 'string') return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const json = JSON.stringify(value);
  return json.length > MAX_TEXT ? `${json.slice(0, MAX_TEXT)}…` : json;
}

export function memberText(member: Member): string {
  const unit = member.unit === undefined || member.unit === '' ? '' : ` ${member.unit}`;
  return `${formatValue(member.value)}${unit}`;
}
