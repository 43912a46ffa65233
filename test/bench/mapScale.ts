// Large maps: compiling the resolver and validating (parse, coverage, diagnostics placed on
// their lines) must grow linearly with the map. Measured at 200 and at 2,000 domains (10,000 glob
// patterns) in the same run: ten times the map should cost about ten times the time.
import { performance } from 'node:perf_hooks';
import { parseJsonMap } from '../../src/core/map/jsonMap';
import { OwnershipResolver } from '../../src/core/ownership/resolver';
import { checkCoverage, type MapReading } from '../../src/core/territory';
import { generatePaths } from './ownership';

function mapText(domains: number): string {
  const list = Array.from({ length: domains }, (_, i) => ({
    id: `D${i}`,
    terminal: `T${i + 1}`,
    name: `Domain ${i}`,
    // Five globs each: two match generated files, three match nothing (a diagnostic each).
    paths: [`services/m${i % 40}/*.py`, `packages/**/x${i}.ts`, `tools/*${i}.sh`, `docs/d${i}/*.md`, `lib/**/*.q${i}`],
    prefixes: [`d${i}:`],
  }));
  return JSON.stringify({ domains: list }, null, 2);
}

function timeValidate(
  domains: number,
  files: readonly string[],
): { compileMs: number; validateMs: number; diagnostics: number } {
  const text = mapText(domains);
  const started = performance.now();
  const parsed = parseJsonMap(text);
  const map = parsed.map!;
  const compileStart = performance.now();
  const resolver = OwnershipResolver.compile(map);
  const compileMs = performance.now() - compileStart;
  const reading: MapReading = {
    source: { file: '/bench/territory.json', kind: 'json' },
    parsed,
    text,
    failure: undefined,
  };
  const { diagnostics } = checkCoverage(reading, map, resolver, files);
  return { compileMs, validateMs: performance.now() - started, diagnostics: diagnostics.length };
}

export function benchMapScale(): boolean {
  const files = generatePaths(20_000);
  timeValidate(50, files); // warm-up
  const small = timeValidate(200, files);
  const large = timeValidate(2_000, files);
  const compileRatio = large.compileMs / small.compileMs;
  const validateRatio = large.validateMs / small.validateMs;
  console.log('map scale, 200 domains (1,000 glob patterns) vs 2,000 domains (10,000 glob patterns), 20,000 files:');
  console.log(
    `  compile the resolver: ${small.compileMs.toFixed(0)} ms → ${large.compileMs.toFixed(0)} ms (${compileRatio.toFixed(1)}x for 10x the map)`,
  );
  console.log(
    `  validate (parse, coverage, ${large.diagnostics} diagnostics placed): ${small.validateMs.toFixed(0)} ms → ${large.validateMs.toFixed(0)} ms (${validateRatio.toFixed(1)}x)`,
  );
  const met = compileRatio <= 20 && validateRatio <= 20;
  console.log(`  target (each at most 20x for 10x the map: linear, not quadratic): ${met ? 'met' : 'MISSED'}`);
  return met;
}
