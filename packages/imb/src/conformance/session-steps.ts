/** One step of a session case (conformance README, kind `session`). */
export interface SessionStep {
  op: 'call' | 'c2h' | 'h2c' | 'deliver' | 'close' | 'hubCall';
  client: string;
  call?: string;
  args?: Record<string, unknown>;
  error?: string;
  hex?: string;
  chunks?: string[];
  events?: Record<string, unknown>[];
  by?: 'client' | 'hub';
}

export interface SessionCase {
  test: { hub: boolean; clients: string[] };
  hub?: {
    firstUniqueClientId: number;
    firstClientHandle: number;
    firstHubEventId: number;
    echoToSender: boolean;
  };
  steps: SessionStep[];
}
