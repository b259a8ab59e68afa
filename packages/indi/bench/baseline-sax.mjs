import sax from 'sax';

/**
 * The baseline: bare `sax` in strict mode over the same bytes (decoded to text as a socket
 * reader would), inside a synthetic root because sax wants one, with handlers that only count.
 * Plain JavaScript so that the isolated benchmark workers can load it too.
 * @param {readonly Uint8Array[]} chunks
 * @returns {number}
 */
export function bareSax(chunks) {
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
