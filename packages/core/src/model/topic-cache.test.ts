import { describe, expect, it } from 'vitest';
import { TopicCache } from './topic-cache.js';
import { topicOf } from './topic.js';

describe('TopicCache', () => {
  it('gives what topicOf gives, encoding included, and the same string each time', () => {
    const cache = new TopicCache();
    const a = cache.topic('lab', 'Cam/1', 'expo+sure');
    expect(a).toBe(topicOf('lab', 'Cam/1', 'expo+sure'));
    expect(a).toBe('lab/Cam%2F1/expo%2Bsure');
    expect(cache.topic('lab', 'Cam/1', 'expo+sure')).toBe(a);
    expect(cache.topic('lab', 'Cam/1', '')).toBe('lab/Cam%2F1');
  });

  it('starts over at its bound, so endless new names cannot grow it', () => {
    const cache = new TopicCache(100);
    for (let i = 0; i < 1_000; i++) expect(cache.topic('c', `d${i}`, 'p')).toBe(`c/d${i}/p`);
    expect((cache as unknown as { size: number }).size).toBeLessThanOrEqual(100);
  });
});
