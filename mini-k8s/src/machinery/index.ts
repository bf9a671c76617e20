/**
 * The public machinery API (the equivalent of k8s.io/apimachinery for mini-k8s): errors, field errors,
 * names, label and field selectors, quantities, IntOrString and Go durations.
 */
export * from './errors';
export * from './field-errors';
export * from './names';
export * from './labels';
export * from './fields';
export * from './quantity';
export * from './intstr';
export * from './duration';
export * from './wait';
