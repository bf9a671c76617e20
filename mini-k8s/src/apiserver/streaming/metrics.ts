/**
 * The contract of the resource metrics source behind `metrics.k8s.io/v1beta1` (`kubectl top`, the HPA).
 * A real cluster runs metrics-server, which scrapes the kubelets; mini-k8s injects a `MetricsProvider`
 * (implemented in `mini-k8s/src/metrics/`) into the API server, which turns its samples into
 * NodeMetrics/PodMetrics objects (metadata, labels and label-selector filtering come from the API objects).
 */

/** ResourceUsage is a usage sample as Kubernetes quantities, e.g. `{ cpu: '1234567n', memory: '12345Ki' }`. */
export interface ResourceUsage {
  cpu: string;
  memory: string;
}

/** NodeMetricsSample is the usage of one node over a window ending at `timestamp`. */
export interface NodeMetricsSample {
  name: string;
  /** timestamp is the end of the sampling window (RFC 3339, or a Date). */
  timestamp: string | Date;
  /** windowSeconds is the window's length (metrics-server reports about 15-20 s). */
  windowSeconds: number;
  usage: ResourceUsage;
}

/** ContainerMetricsSample is the usage of one container of a pod. */
export interface ContainerMetricsSample {
  name: string;
  usage: ResourceUsage;
}

/** PodMetricsSample is the usage of every running container of one pod. */
export interface PodMetricsSample {
  namespace: string;
  name: string;
  timestamp: string | Date;
  windowSeconds: number;
  containers: ContainerMetricsSample[];
}

/**
 * MetricsProvider returns the latest samples. Pods or nodes without a sample yet are simply absent
 * (the API then answers 404 for them, like metrics-server).
 */
export interface MetricsProvider {
  /** nodeMetrics returns the sample of node `name`, or of every node when `name` is undefined. */
  nodeMetrics(name?: string): NodeMetricsSample[] | Promise<NodeMetricsSample[]>;
  /**
   * podMetrics returns samples of pod `namespace/name`, of every pod of `namespace` when name is undefined,
   * or of every pod when both are undefined.
   */
  podMetrics(namespace?: string, name?: string): PodMetricsSample[] | Promise<PodMetricsSample[]>;
}
