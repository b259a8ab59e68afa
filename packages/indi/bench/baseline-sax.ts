import sax from 'sax';

/**
 * The baseline: bare `sax` in strict mode over the same bytes (decoded to text as a socket
 * reader would), inside a synthetic root because sax wants one, with handlers that only count.
 */
export function bareSax(chunks: readonly Buffer[]): number {
  const parser = sax.parser(true, { position: false });
  let events = 0;
  parser.onopentag = () => {
    events += 1;
  };
  parser.ontext = () => {
    events += 1;
  };
  parser.onclosetag = () => {
    events += 1;
  };
  const decoder = new TextDecoder('utf-8');
  parser.write('<r>');
  for (const c of chunks) parser.write(decoder.decode(c, { stream: true }));
  parser.write('</r>');
  parser.close();
  return events;
}
