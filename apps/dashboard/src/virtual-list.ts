/**
 * A scrolling list that creates DOM nodes only for the rows in view (plus a few), so ten thousand
 * log lines cost a screenful of elements. Rows have a fixed height; the spacer gives the
 * scrollbar its full length. New rows keep the view pinned to the bottom when it was there.
 */
export class VirtualList<T> {
  private items: T[] = [];
  private readonly spacer: HTMLElement;
  private readonly window: HTMLElement;

  constructor(
    private readonly viewport: HTMLElement,
    private readonly rowHeight: number,
    private readonly renderRow: (item: T, row: HTMLElement) => void,
    private readonly overscan = 8,
  ) {
    this.spacer = document.createElement('div');
    this.spacer.className = 'vlist-spacer';
    this.window = document.createElement('div');
    this.window.className = 'vlist-window';
    this.spacer.append(this.window);
    viewport.append(this.spacer);
    viewport.addEventListener('scroll', () => this.paint(), { passive: true });
  }

  /** Replaces the items (the caller owns the array and its bound) and repaints. */
  update(items: T[]): void {
    const { scrollTop, clientHeight, scrollHeight } = this.viewport;
    const atBottom = scrollTop + clientHeight >= scrollHeight - this.rowHeight * 1.5;
    this.items = items;
    this.spacer.style.height = `${items.length * this.rowHeight}px`;
    if (atBottom) this.viewport.scrollTop = this.viewport.scrollHeight;
    this.paint();
  }

  private paint(): void {
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / this.rowHeight) - this.overscan);
    const visible = Math.ceil(this.viewport.clientHeight / this.rowHeight) + 2 * this.overscan;
    const last = Math.min(this.items.length, first + visible);
    this.window.style.transform = `translateY(${first * this.rowHeight}px)`;
    const rows = this.window.children;
    let used = 0;
    for (let i = first; i < last; i++, used++) {
      let row = rows[used] as HTMLElement | undefined;
      if (row === undefined) {
        row = document.createElement('div');
        row.className = 'vlist-row';
        row.style.height = `${this.rowHeight}px`;
        this.window.append(row);
      }
      this.renderRow(this.items[i]!, row);
    }
    while (this.window.children.length > used) this.window.lastElementChild!.remove();
  }
}
