/** A numeric command-line option in [min, max]; throws naming the option otherwise. */
export function numberOption(values: Record<string, unknown>, name: string, min: number, max = Number.POSITIVE_INFINITY): number {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number in [${min}, ${max}] (got ${String(values[name])})`);
  return n;
}

/** A `min-max` range option in ms (e.g. `--think 300-1500`). */
export function rangeOption(values: Record<string, unknown>, name: string): [number, number] {
  const m = /^(\d+)-(\d+)$/.exec(String(values[name]));
  if (!m || Number(m[1]) > Number(m[2])) throw new Error(`--${name} must be a range min-max in ms (got ${String(values[name])})`);
  return [Number(m[1]), Number(m[2])];
}

/** Prints `usage` and exits when the command line asks for help (parseArgs would reject the flag as unknown). */
export function exitWithUsageOnHelp(usage: string, argv = process.argv.slice(2)): void {
  if (!argv.includes('--help') && !argv.includes('-h')) return;
  process.stdout.write(`${usage.replace(/^\n+|\s+$/g, '')}\n`);
  process.exit(0);
}
