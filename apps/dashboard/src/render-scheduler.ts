/**
 * Coalesces render requests into one call per animation frame: events may arrive thousands of
 * times per second, the screen only needs the latest state ~60 times per second.
 */
export class RenderScheduler {
  private pending = false;

  constructor(private readonly render: () => void) {}

  request(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.render();
    });
  }
}
