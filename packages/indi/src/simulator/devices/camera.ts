import type { IndiVectorMessage } from '../../codec/messages.js';
import { fitsFrame } from '../fits-frame.js';
import { type SimContext, SimDevice, applyValues, connectionVector } from '../sim-device.js';
import { type SimVector, simMember } from '../sim-vector.js';

export interface SimCameraOptions {
  name?: string;
  /** Frame size of the FITS images (default 64 × 48, 16-bit). */
  width?: number;
  height?: number;
  /** Multiplies exposure times (0.01 makes a 1 s exposure take 10 ms). */
  timeScale?: number;
}

/** A camera: CCD_EXPOSURE counts down (Busy), then a FITS frame arrives on CCD1 and it goes Ok. */
export class SimCamera extends SimDevice {
  readonly name: string;
  readonly vectors: SimVector[];
  private readonly exposure: SimVector;
  private readonly blob: SimVector;
  private readonly frame: SimVector;
  private readonly temperature: SimVector;
  private readonly timeScale: number;
  private frames = 0;
  private exposing = false;

  constructor(options: SimCameraOptions = {}) {
    super();
    const name = options.name ?? 'Labwire Camera';
    this.name = name;
    this.timeScale = options.timeScale ?? 1;
    this.exposure = {
      device: name,
      name: 'CCD_EXPOSURE',
      kind: 'Number',
      label: 'Expose',
      group: 'Main Control',
      state: 'Idle',
      perm: 'rw',
      timeout: 60,
      members: [
        {
          name: 'CCD_EXPOSURE_VALUE',
          label: 'Duration (s)',
          format: '%5.2f',
          min: 0.001,
          max: 3600,
          step: 1,
          value: 1,
        },
      ],
    };
    this.frame = {
      device: name,
      name: 'CCD_FRAME',
      kind: 'Number',
      label: 'Frame',
      group: 'Image Settings',
      state: 'Idle',
      perm: 'rw',
      timeout: 60,
      members: [
        {
          name: 'WIDTH',
          label: 'Width',
          format: '%4.0f',
          min: 1,
          max: 8192,
          step: 1,
          value: options.width ?? 64,
        },
        {
          name: 'HEIGHT',
          label: 'Height',
          format: '%4.0f',
          min: 1,
          max: 8192,
          step: 1,
          value: options.height ?? 48,
        },
      ],
    };
    this.blob = {
      device: name,
      name: 'CCD1',
      kind: 'BLOB',
      label: 'Image Data',
      group: 'Image Info',
      state: 'Idle',
      perm: 'ro',
      timeout: 60,
      members: [{ name: 'CCD1', label: 'Image', value: '' }],
    };
    this.temperature = {
      device: name,
      name: 'CCD_TEMPERATURE',
      kind: 'Number',
      label: 'Temperature',
      group: 'Main Control',
      state: 'Ok',
      perm: 'ro',
      timeout: 0,
      members: [
        {
          name: 'CCD_TEMPERATURE_VALUE',
          label: 'Temperature (C)',
          format: '%5.2f',
          min: -50,
          max: 50,
          step: 0,
          value: -10,
        },
      ],
    };
    this.vectors = [connectionVector(name), this.exposure, this.frame, this.blob, this.temperature];
  }

  override start(context: SimContext): void {
    let phase = 0;
    context.every(1000, () => {
      phase += 1;
      simMember(this.temperature, 'CCD_TEMPERATURE_VALUE')!.value =
        Math.round((-10 + Math.sin(phase / 5) * 0.5) * 100) / 100;
      context.publishSet(this.temperature);
    });
  }

  override handleNew(message: IndiVectorMessage, vector: SimVector, context: SimContext): void {
    if (vector !== this.exposure) {
      super.handleNew(message, vector, context);
      return;
    }
    if (this.exposing) {
      this.exposure.state = 'Alert';
      context.publishSet(this.exposure, { message: '[ERROR] an exposure is already running' });
      return;
    }
    applyValues(this.exposure, message);
    const seconds = Number(simMember(this.exposure, 'CCD_EXPOSURE_VALUE')!.value);
    this.exposing = true;
    this.exposure.state = 'Busy';
    context.publishSet(this.exposure);
    context.after(Math.max(0, seconds * 1000 * this.timeScale), () => {
      this.exposing = false;
      const width = Number(simMember(this.frame, 'WIDTH')!.value);
      const height = Number(simMember(this.frame, 'HEIGHT')!.value);
      this.frames += 1;
      this.blob.state = 'Ok';
      context.publishBlob(this.blob, 'CCD1', fitsFrame(width, height, this.frames), '.fits');
      simMember(this.exposure, 'CCD_EXPOSURE_VALUE')!.value = 0;
      this.exposure.state = 'Ok';
      context.publishSet(this.exposure);
    });
  }
}
