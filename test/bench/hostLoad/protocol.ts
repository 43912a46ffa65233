// What the bench runner (plain Node) and the probe (inside the extension host) share; no 'vscode' here.
export const RESULT_MARK = '[territory-bench-result] ';
export const BENCH_ENV = {
  repo: 'TERRITORY_BENCH_REPO',
  with: 'TERRITORY_BENCH_WITH',
  folders: 'TERRITORY_BENCH_FOLDERS',
  writers: 'TERRITORY_BENCH_WRITERS',
  period: 'TERRITORY_BENCH_PERIOD_MS',
  duration: 'TERRITORY_BENCH_DURATION_MS',
  /** A directory: the probe writes a CPU profile of the extension host and its stalls there. */
  profile: 'TERRITORY_BENCH_PROFILE',
  /** A directory: the probe writes a heap snapshot of the extension host there at the end of the run. */
  heap: 'TERRITORY_BENCH_HEAP',
} as const;

export interface ProbeResult {
  withTerritory: boolean;
  mapReadyMs: number | null;
  /** Territory's own account of where the time to its first map went. */
  mapReadySteps: string | null;
  files: number | null;
  worstStallMs: number;
  p99StallMs: number;
  cpuPercent: number;
  heapMiB: number;
  heapStartMiB: number;
  /** The heap still reachable at the end of the run (after a full garbage collection): what Territory keeps, not its garbage. */
  heapLiveEndMiB: number;
  wallMs: number;
}
