import type { BusEvent } from '@labwire/client';
import { VirtualList } from './virtual-list.js';

export interface LogEntry {
  time: number;
  source: string;
  level: string;
  text: string;
}

/** The log keeps this many lines; older ones drop off (the bus has the full history). */
export const LOG_LIMIT = 10_000;
const ROW_HEIGHT = 20;

/**
 * Instrument messages, connection changes and command outcomes, newest at the bottom. Appends are
 * cheap; the virtual list repaints at most once per frame through `render`.
 */
export class MessageLog {
  private entries: LogEntry[] = [];
  private dirty = false;
  private readonly list: VirtualList<LogEntry>;

  constructor(viewport: HTMLElement) {
    this.list = new VirtualList(viewport, ROW_HEIGHT, fillRow);
  }

  /** Returns whether the event made a log line. */
  add(event: BusEvent): boolean {
    const entry = toEntry(event);
    if (entry === undefined) return false;
    this.push(entry);
    return true;
  }

  push(entry: LogEntry): void {
    this.entries.push(entry);
    // Trim in chunks: one splice per thousand lines instead of a shift per line.
    if (this.entries.length > LOG_LIMIT + 1000) this.entries = this.entries.slice(-LOG_LIMIT);
    this.dirty = true;
  }

  render(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.list.update(this.entries);
  }
}

function toEntry(event: BusEvent): LogEntry | undefined {
  const base = { time: event.time, source: event.topic };
  switch (event.kind) {
    case 'message':
      return {
        ...base,
        level: event.severity,
        text: event.code ? `${event.code}: ${event.text}` : event.text,
      };
    case 'connection':
      return {
        ...base,
        level: event.state === 'failed' ? 'error' : 'info',
        text: `connection ${event.state}${event.error ? ` (${event.error.code}: ${event.error.message})` : ''}`,
      };
    case 'command': {
      const detail =
        event.status === 'failed'
          ? ` ${event.error?.code}: ${event.error?.message}`
          : event.result === undefined
            ? ''
            : ` ${JSON.stringify(event.result)}`;
      return {
        ...base,
        level: event.status === 'failed' ? 'error' : 'command',
        text: `command ${event.action} ${event.status}${detail}`,
      };
    }
    default:
      return undefined;
  }
}

function fillRow(entry: LogEntry, row: HTMLElement): void {
  row.setAttribute('data-level', entry.level);
  const time = new Date(entry.time).toISOString().slice(11, 23);
  row.textContent = `${time}  ${entry.level.padEnd(7)} ${entry.source}  ${entry.text}`;
}
