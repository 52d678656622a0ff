/** A row of block characters, one per value, scaled to the largest: a chart that fits a terminal line. */
export function sparkline(values: number[], min = 0): string {
  const blocks = '▁▂▃▄▅▆▇█';
  const max = Math.max(min + 1, ...values);
  return values.map((v) => blocks[Math.min(blocks.length - 1, Math.max(0, Math.floor(((v - min) / (max - min)) * (blocks.length - 1))))]).join('');
}

/** `values` squeezed to at most `width` points (means of equal runs), so a long series still fits a line. */
export function squeeze(values: number[], width: number): number[] {
  if (values.length <= width) return values;
  const per = values.length / width;
  return Array.from({ length: width }, (_, i) => {
    const run = values.slice(Math.floor(i * per), Math.floor((i + 1) * per));
    return run.reduce((s, v) => s + v, 0) / Math.max(1, run.length);
  });
}

export function median(values: number[]): number {
  const sorted = values.filter((v) => v !== undefined).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
}
