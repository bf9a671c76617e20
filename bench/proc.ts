/**
 * What the kernel says about the platform process (Linux /proc): resident memory, CPU consumed, and how
 * long its main thread — the event loop — was ready to run but waited for a CPU. On a shared machine
 * that wait, not the server's own work, can be most of a request's latency; benchmarks report it
 * next to their latencies so a reader can tell the two apart.
 */
import fs from 'node:fs';

/** ProcSample is a process's state at one moment. */
export interface ProcSample {
  at: number;
  rssBytes: number;
  /** User + system CPU time of all its threads, in seconds. */
  cpuSeconds: number;
  /** Time the main thread spent runnable in the run queue, waiting for a CPU, in seconds (schedstat). */
  runQueueSeconds: number;
}

/** sampleProc reads a process's ProcSample from /proc. */
export function sampleProc(pid: number): ProcSample {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
  // schedstat: time on CPU, time waiting on a run queue (both ns), time slices; absent without schedstats.
  const waitNs = Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1] ?? 0);
  return { at: Date.now(), rssBytes: rssKb * 1024, cpuSeconds: ticks / 100, runQueueSeconds: waitNs / 1e9 };
}

/** usage describes the interval between two samples: CPU and run-queue wait as percentages of wall time. */
export function usage(first: ProcSample, last: ProcSample): { cpuPercent: number; waitPercent: number } {
  const seconds = Math.max(0.001, (last.at - first.at) / 1000);
  return {
    cpuPercent: (100 * (last.cpuSeconds - first.cpuSeconds)) / seconds,
    waitPercent: (100 * (last.runQueueSeconds - first.runQueueSeconds)) / seconds,
  };
}
