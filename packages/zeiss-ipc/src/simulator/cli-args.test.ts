import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args.js';

describe('labwire-zeiss-sim arguments', () => {
  it('builds the simulator options and host state', () => {
    const s = parseCliArgs([
      '--port',
      '0',
      '--file',
      'C:/a.jpg',
      '--file',
      'b.gxml',
      '--series',
      'S',
      '--delay',
      'import_other_images=250',
      '--fail',
      'import_gom_inspection_exchange',
      '--no-project',
      '--quit-stops-server',
    ]);
    expect(s.options).toMatchObject({
      port: 0,
      dialect: 'example',
      quitStopsServer: true,
      host: {
        files: ['C:/a.jpg', 'b.gxml'],
        series: ['S'],
        project: false,
        delaysMs: { import_other_images: 250 },
        failCommands: ['import_gom_inspection_exchange'],
      },
    });
  });

  it('refuses bad values with a message naming them', () => {
    expect(() => parseCliArgs(['--dialect', 'x'])).toThrow(/--dialect/);
    expect(() => parseCliArgs(['--port', '99999'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--delay', 'oops'])).toThrow(/--delay/);
  });
});
