import { describe, expect, it } from 'vitest';
import { commandTarget, encodeSegment, topicOf } from './topic-path.js';

describe('topic segments', () => {
  it('percent-encodes what would split or match, and nothing else', () => {
    expect(encodeSegment('a/b+c#d%e f')).toBe('a%2Fb%2Bc%23d%25e f');
    expect(topicOf('indi', 'Labwire Camera', 'CCD1')).toBe('indi/Labwire Camera/CCD1');
    expect(commandTarget('Scope 1/2', 'COORD')).toBe('Scope 1%2F2/COORD');
  });
});
