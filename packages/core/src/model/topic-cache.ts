import { topicOf } from './topic.js';

/**
 * The topics of recently seen addresses (connector, device, property), each built once. Besides
 * saving the encoding and joining, handing out the same string object each time lets the bus's
 * topic → subscribers lookup reuse the string's cached hash instead of hashing a fresh topic for
 * every event. Bounded: when it holds `limit` topics it starts over, so hostile names cannot grow
 * it.
 */
export class TopicCache {
  private readonly byConnector = new Map<string, Map<string, Map<string, string>>>();
  private size = 0;

  constructor(private readonly limit = 10_000) {}

  /** `topicOf(connector, device, property)`; property may be '' for a device's own topic. */
  topic(connector: string, device: string, property: string): string {
    let devices = this.byConnector.get(connector);
    if (devices === undefined) {
      devices = new Map();
      this.byConnector.set(connector, devices);
    }
    let properties = devices.get(device);
    if (properties === undefined) {
      properties = new Map();
      devices.set(device, properties);
    }
    let topic = properties.get(property);
    if (topic === undefined) {
      if (this.size >= this.limit) {
        this.byConnector.clear();
        this.size = 0;
        return this.topic(connector, device, property);
      }
      topic = topicOf(connector, device, property);
      properties.set(property, topic);
      this.size += 1;
    }
    return topic;
  }
}
