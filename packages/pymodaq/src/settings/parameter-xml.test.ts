import { describe, expect, it } from 'vitest';
import { findParameter } from './parameter-tree.js';
import { parameterToXml, parseParameterXml } from './parameter-xml.js';

const REFERENCE =
  '<settings type="group" title="settings" visible="1" removable="0" readonly="0"><exposure type="float" title="exposure" visible="1" removable="0" readonly="0">10.0</exposure><units type="str" title="units" visible="1" removable="0" readonly="0">mm</units></settings>';

describe('settings XML', () => {
  it('writes a tree exactly as PyMoDAQ 4.4 ioxml does (vector v4-grabber)', () => {
    const xml = parameterToXml({
      name: 'settings',
      type: 'group',
      children: [
        { name: 'exposure', type: 'float', value: 10 },
        { name: 'units', type: 'str', value: 'mm' },
      ],
    });
    expect(xml).toBe(REFERENCE);
  });

  it('reads it back, including 5.x "None" text inside groups and escapes', () => {
    const tree = parseParameterXml(REFERENCE.replace('readonly="0">', 'readonly="0">None'));
    expect(findParameter(tree, ['exposure'])?.value).toBe(10);
    expect(findParameter(tree, ['units'])?.value).toBe('mm');
    expect(parseParameterXml('<a type="str" title="x &amp; y">&lt;b&gt;</a>')).toMatchObject({
      title: 'x & y',
      value: '<b>',
    });
  });

  it('refuses malformed XML with a coded error', () => {
    expect(() => parseParameterXml('<a><b></a>')).toThrow(expect.objectContaining({ code: 'MALFORMED' }));
    expect(() => parseParameterXml('<a/><b/>')).toThrow(expect.objectContaining({ code: 'MALFORMED' }));
  });
});
