export { type ParameterNode, type ParameterType, findParameter, parameterValue } from './parameter-tree.js';
export { parameterToXml, parseParameterXml } from './parameter-xml.js';
