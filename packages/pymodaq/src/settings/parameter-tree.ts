/**
 * A settings tree as PyMoDAQ publishes it: pyqtgraph parameters, written to XML by PyMoDAQ's
 * `ioxml` (an element per parameter named after it, attributes `type`, `title`, `visible`,
 * `removable`, `readonly`, the value as text).
 */
export type ParameterType = 'group' | 'float' | 'int' | 'str' | 'bool' | 'list' | 'text' | (string & {});

export interface ParameterNode {
  name: string;
  type: ParameterType;
  title?: string;
  value?: string | number | boolean;
  readonly?: boolean;
  visible?: boolean;
  children?: ParameterNode[];
}

/** The node at `path` below `root` (root excluded), or undefined. */
export function findParameter(root: ParameterNode, path: readonly string[]): ParameterNode | undefined {
  let node: ParameterNode | undefined = root;
  for (const name of path) {
    node = node?.children?.find((c) => c.name === name);
    if (node === undefined) return undefined;
  }
  return node;
}

/** A value of the parameter's type from its XML text. */
export function parameterValue(type: ParameterType, text: string): string | number | boolean {
  switch (type) {
    case 'float':
    case 'int': {
      const n = Number(text);
      return Number.isNaN(n) ? text : n;
    }
    case 'bool':
      return text === '1' || text.toLowerCase() === 'true';
    default:
      return text;
  }
}
