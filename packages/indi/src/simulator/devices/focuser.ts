import type { IndiVectorMessage } from '../../codec/messages.js';
import { type SimContext, SimDevice, applyValues, connectionVector } from '../sim-device.js';
import { type SimVector, simMember } from '../sim-vector.js';

/** A focuser: an absolute position that moves (Busy → Ok) and a temperature that drifts. */
export class SimFocuser extends SimDevice {
  readonly vectors: SimVector[];
  private readonly position: SimVector;
  private readonly temperature: SimVector;
  private target: number | undefined;

  constructor(
    readonly name = 'Labwire Focuser',
    private readonly stepsPerSecond = 20_000,
  ) {
    super();
    this.position = {
      device: name,
      name: 'ABS_FOCUS_POSITION',
      kind: 'Number',
      label: 'Absolute Position',
      group: 'Main Control',
      state: 'Ok',
      perm: 'rw',
      timeout: 60,
      members: [
        {
          name: 'FOCUS_ABSOLUTE_POSITION',
          label: 'Steps',
          format: '%6.0f',
          min: 0,
          max: 60000,
          step: 1000,
          value: 25000,
        },
      ],
    };
    this.temperature = {
      device: name,
      name: 'FOCUS_TEMPERATURE',
      kind: 'Number',
      label: 'Temperature',
      group: 'Main Control',
      state: 'Ok',
      perm: 'ro',
      timeout: 0,
      members: [
        { name: 'TEMPERATURE', label: 'Celsius', format: '%6.2f', min: -50, max: 70, step: 0, value: 12.5 },
      ],
    };
    this.vectors = [connectionVector(name), this.position, this.temperature];
  }

  override start(context: SimContext): void {
    context.every(100, () => {
      if (this.target === undefined) return;
      const member = simMember(this.position, 'FOCUS_ABSOLUTE_POSITION')!;
      const now = Number(member.value);
      const by = this.stepsPerSecond / 10;
      member.value =
        Math.abs(this.target - now) <= by ? this.target : now + Math.sign(this.target - now) * by;
      if (member.value === this.target) {
        this.target = undefined;
        this.position.state = 'Ok';
      }
      context.publishSet(this.position);
    });
    let phase = 0;
    context.every(1000, () => {
      phase += 1;
      simMember(this.temperature, 'TEMPERATURE')!.value =
        Math.round((12.5 + Math.sin(phase / 10) * 2) * 100) / 100;
      context.publishSet(this.temperature);
    });
  }

  override handleNew(message: IndiVectorMessage, vector: SimVector, context: SimContext): void {
    if (vector !== this.position) {
      super.handleNew(message, vector, context);
      return;
    }
    const before = Number(simMember(this.position, 'FOCUS_ABSOLUTE_POSITION')!.value);
    applyValues(this.position, message);
    const member = simMember(this.position, 'FOCUS_ABSOLUTE_POSITION')!;
    this.target = Number(member.value);
    member.value = before;
    this.position.state = 'Busy';
    context.publishSet(this.position);
  }
}
