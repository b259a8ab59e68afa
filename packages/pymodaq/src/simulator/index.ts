export { SimulatedDetector, type SimulatedDetectorOptions } from './simulated-detector.js';
export { SimulatedActuator, type SimulatedActuatorOptions } from './simulated-actuator.js';
export { startDemoSimulator, type DemoSimulator, type DemoSimulatorOptions } from './demo.js';
