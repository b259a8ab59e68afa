/** Percent-encodes what would act as a separator or wildcard inside one topic segment. */
export function encodeSegment(segment: string): string {
  return segment.replace(/[%/+#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A topic: `connector/device/property[/member]`, each segment encoded. */
export function topicOf(...segments: string[]): string {
  return segments.map(encodeSegment).join('/');
}

/** A command target within a connector: `device/property[/member]`. */
export const commandTarget = topicOf;
