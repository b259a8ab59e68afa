import { ErrorCode, LabwireError } from '@labwire/core';
import { type ParameterNode, parameterValue } from './parameter-tree.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const UNESCAPES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === '#')
      return String.fromCodePoint(
        e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
      );
    return UNESCAPES[e.toLowerCase()]!;
  });
}

/** Python's str() of a value: floats keep a `.0`. */
function valueText(node: ParameterNode): string {
  const v = node.value;
  if (v === undefined) return '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number' && node.type === 'float' && Number.isInteger(v)) return `${v}.0`;
  return String(v);
}

/** The XML of one parameter and its children, as PyMoDAQ's ioxml writes it. */
export function parameterToXml(node: ParameterNode): string {
  const attrs =
    `type="${escapeXml(node.type)}" title="${escapeXml(node.title ?? node.name)}" visible="${node.visible === false ? 0 : 1}"` +
    ` removable="0" readonly="${node.readonly ? 1 : 0}"`;
  const inner =
    node.type === 'group' ? (node.children ?? []).map(parameterToXml).join('') : escapeXml(valueText(node));
  return `<${node.name} ${attrs}>${inner}</${node.name}>`;
}

interface Element {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: Element[];
}

const TOKEN =
  /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function malformed(message: string): LabwireError {
  return new LabwireError(ErrorCode.MALFORMED, `settings XML: ${message}`);
}

function parseElements(xml: string): Element {
  const root: Element = { name: '', attrs: {}, text: '', children: [] };
  const stack: Element[] = [root];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  let at = 0;
  // biome-ignore lint/suspicious/noAssignInExpressions: the classic regex tokenizer loop
  while ((m = TOKEN.exec(xml)) !== null) {
    if (m.index !== at) throw malformed(`unexpected text at offset ${at}`);
    at = TOKEN.lastIndex;
    const top = stack[stack.length - 1]!;
    if (m[1] !== undefined) {
      if (top.name !== m[1]) throw malformed(`</${m[1]}> closes <${top.name}>`);
      stack.pop();
    } else if (m[2] !== undefined) {
      const attrs: Record<string, string> = {};
      ATTR.lastIndex = 0;
      let a: RegExpExecArray | null;
      // biome-ignore lint/suspicious/noAssignInExpressions: the classic regex tokenizer loop
      while ((a = ATTR.exec(m[3] ?? '')) !== null) attrs[a[1]!] = unescapeXml(a[2] ?? a[3] ?? '');
      const el: Element = { name: m[2], attrs, text: '', children: [] };
      top.children.push(el);
      if (m[4] !== '/') stack.push(el);
    } else if (m[5] !== undefined) {
      top.text += unescapeXml(m[5]);
    }
  }
  if (at !== xml.length) throw malformed(`unexpected text at offset ${at}`);
  if (stack.length !== 1) throw malformed(`<${stack[stack.length - 1]!.name}> is not closed`);
  const first = root.children[0];
  if (first === undefined || root.children.length !== 1) throw malformed('expected exactly one root element');
  return first;
}

function toNode(el: Element): ParameterNode {
  const type = el.attrs.type ?? (el.children.length > 0 ? 'group' : 'str');
  const node: ParameterNode = { name: el.name, type };
  if (el.attrs.title !== undefined) node.title = el.attrs.title;
  if (el.attrs.readonly === '1') node.readonly = true;
  if (el.attrs.visible === '0') node.visible = false;
  if (type === 'group' || el.children.length > 0) node.children = el.children.map(toNode);
  else node.value = parameterValue(type, el.text);
  return node;
}

/** Parses ioxml XML (one parameter or a whole tree). Throws MALFORMED. */
export function parseParameterXml(xml: string): ParameterNode {
  return toNode(parseElements(xml.trim()));
}
