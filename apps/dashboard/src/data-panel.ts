import type { DataEvent } from '@labwire/client';
import { classify, drawData } from './data-renderer.js';
import { h } from './dom.js';

interface Card {
  root: HTMLElement;
  canvas: HTMLCanvasElement;
  caption: HTMLElement;
  frames: number;
  /** Bumped per frame so a slow asynchronous decode never overwrites a newer frame. */
  generation: number;
  drawing: boolean;
  waiting: DataEvent | undefined;
}

/**
 * One card per data topic (camera frames, detector arrays, trigger images, spectra), showing the
 * newest payload only. Frames that arrive while one is still decoding replace each other, so a
 * fast camera costs at most one decode at a time per card.
 */
export class DataPanel {
  private readonly cards = new Map<string, Card>();

  constructor(private readonly root: HTMLElement) {}

  /** Marks the card of a selected property (its data topic), and brings it into view. */
  highlight(topic: string): void {
    for (const [cardTopic, card] of this.cards) {
      const selected = cardTopic === topic;
      card.root.classList.toggle('selected', selected);
      if (selected) card.root.scrollIntoView({ block: 'nearest' });
    }
  }

  render(latest: Map<string, DataEvent>): void {
    for (const [topic, event] of latest) {
      const card = this.card(topic);
      if (card.drawing) card.waiting = event;
      else void this.draw(card, event);
    }
  }

  private async draw(card: Card, event: DataEvent): Promise<void> {
    card.drawing = true;
    const generation = ++card.generation;
    try {
      const drawn = await drawData(card.canvas, event, () => generation === card.generation);
      card.frames += 1;
      card.root.setAttribute('data-drawn', drawn);
      card.root.setAttribute('data-frames', String(card.frames));
      const { how } = classify(event);
      const shape = event.shape.join('×');
      card.caption.textContent = `${how} · ${event.dtype} ${shape}${event.format ? ` · ${event.format}` : ''} · #${card.frames}`;
    } catch (err) {
      card.caption.textContent = `cannot draw: ${(err as Error).message}`;
    } finally {
      card.drawing = false;
    }
    const next = card.waiting;
    card.waiting = undefined;
    if (next !== undefined) await this.draw(card, next);
  }

  private card(topic: string): Card {
    let card = this.cards.get(topic);
    if (card === undefined) {
      const canvas = h('canvas', { width: 1, height: 1 });
      const caption = h('figcaption', { class: 'caption' });
      const root = h(
        'figure',
        { class: 'data-card', 'data-topic': topic },
        h('figcaption', { class: 'topic', title: topic }, topic),
        canvas,
        caption,
      );
      card = { root, canvas, caption, frames: 0, generation: 0, drawing: false, waiting: undefined };
      this.cards.set(topic, card);
      this.root.append(root);
    }
    return card;
  }
}
