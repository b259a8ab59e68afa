import type { IndiVectorMessage } from '../../codec/messages.js';
import { type SimContext, SimDevice, connectionVector } from '../sim-device.js';
import { type SimVector, simMember } from '../sim-vector.js';

/** A mount: equatorial coordinates that slew (Busy → Ok), abort, park. */
export class SimTelescope extends SimDevice {
  readonly vectors: SimVector[];
  private target: { ra: number; dec: number } | undefined;
  private readonly coords: SimVector;

  constructor(
    readonly name = 'Labwire Telescope',
    /** Degrees per second in DEC, hours per second in RA. */
    private readonly slewRate = 20,
  ) {
    super();
    this.coords = {
      device: name,
      name: 'EQUATORIAL_EOD_COORD',
      kind: 'Number',
      label: 'Eq. Coordinates',
      group: 'Main Control',
      state: 'Ok',
      perm: 'rw',
      timeout: 60,
      members: [
        { name: 'RA', label: 'RA (hh:mm:ss)', format: '%010.6m', min: 0, max: 24, step: 0, value: 5.5 },
        { name: 'DEC', label: 'DEC (dd:mm:ss)', format: '%010.6m', min: -90, max: 90, step: 0, value: 20 },
      ],
    };
    this.vectors = [
      connectionVector(name),
      this.coords,
      {
        device: name,
        name: 'TELESCOPE_ABORT_MOTION',
        kind: 'Switch',
        label: 'Abort Motion',
        state: 'Idle',
        perm: 'rw',
        rule: 'AtMostOne',
        timeout: 60,
        members: [{ name: 'ABORT', label: 'Abort', value: 'Off' }],
      },
      {
        device: name,
        name: 'TELESCOPE_PARK',
        kind: 'Switch',
        label: 'Parking',
        state: 'Ok',
        perm: 'rw',
        rule: 'OneOfMany',
        timeout: 60,
        members: [
          { name: 'PARK', label: 'Park', value: 'Off' },
          { name: 'UNPARK', label: 'UnPark', value: 'On' },
        ],
      },
    ];
  }

  override start(context: SimContext): void {
    const tickMs = 100;
    context.every(tickMs, () => {
      const ra = simMember(this.coords, 'RA')!;
      const dec = simMember(this.coords, 'DEC')!;
      if (this.target === undefined) {
        // Not tracking: the sky drifts by (RA advances at the sidereal rate, shown once a second).
        return;
      }
      const step = (this.slewRate * tickMs) / 1000;
      const move = (from: number, to: number, by: number) =>
        Math.abs(to - from) <= by ? to : from + Math.sign(to - from) * by;
      ra.value = move(Number(ra.value), this.target.ra, step / 15);
      dec.value = move(Number(dec.value), this.target.dec, step);
      if (ra.value === this.target.ra && dec.value === this.target.dec) {
        this.target = undefined;
        this.coords.state = 'Ok';
      }
      context.publishSet(this.coords);
    });
    context.every(1000, () => {
      if (this.target !== undefined) return;
      const ra = simMember(this.coords, 'RA')!;
      ra.value = (Number(ra.value) + 1 / 3600) % 24;
      context.publishSet(this.coords);
    });
  }

  override handleNew(message: IndiVectorMessage, vector: SimVector, context: SimContext): void {
    if (vector === this.coords) {
      const value = (n: string) =>
        message.members.find((m) => m.name === n) as { value: number | null } | undefined;
      const ra = value('RA')?.value ?? Number(simMember(this.coords, 'RA')!.value);
      const dec = value('DEC')?.value ?? Number(simMember(this.coords, 'DEC')!.value);
      if (!(ra >= 0 && ra <= 24 && dec >= -90 && dec <= 90)) {
        this.coords.state = 'Alert';
        context.publishSet(this.coords, { message: `[ERROR] target out of range: RA ${ra} DEC ${dec}` });
        return;
      }
      this.target = { ra, dec };
      this.coords.state = 'Busy';
      context.publishSet(this.coords, { message: '[INFO] Slewing' });
      return;
    }
    if (vector.name === 'TELESCOPE_ABORT_MOTION') {
      this.target = undefined;
      this.coords.state = 'Idle';
      context.publishSet(this.coords);
      vector.state = 'Ok';
      context.publishSet(vector, { message: '[INFO] Motion aborted' });
      return;
    }
    super.handleNew(message, vector, context);
  }
}
