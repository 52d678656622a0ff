/**
 * One progress line on stderr: a text bar, count, elapsed time and rate. On a terminal it redraws
 * in place; in a log (CI, a pipe) it prints a line every few seconds instead.
 */
export class Progress {
  private readonly started = Date.now();
  private readonly tty = process.stderr.isTTY === true;
  private lastLine = 0;
  private done = 0;
  private extra = '';

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly logEveryMs = 5000,
  ) {}

  update(done: number, extra = ''): void {
    this.done = done;
    this.extra = extra;
    const now = Date.now();
    if (this.tty) {
      if (now - this.lastLine < 100 && done < this.total) return;
      process.stderr.write(`\r${this.line()}\x1b[K`);
    } else if (now - this.lastLine >= this.logEveryMs) {
      process.stderr.write(`${this.line()}\n`);
    } else return;
    this.lastLine = now;
  }

  /** Prints the final state and ends the line. */
  finish(): void {
    process.stderr.write(this.tty ? `\r${this.line()}\x1b[K\n` : `${this.line()}\n`);
  }

  private line(): string {
    const width = 30;
    const fraction = this.total > 0 ? Math.min(1, this.done / this.total) : 1;
    const filled = Math.round(fraction * width);
    const secs = (Date.now() - this.started) / 1000;
    const rate = secs > 0 ? this.done / secs : 0;
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const count = `${this.done}/${this.total}`.padStart(2 * String(this.total).length + 1);
    return `${this.label.padEnd(12)} ${bar} ${count} ${String(Math.round(fraction * 100)).padStart(3)}%  ${secs.toFixed(1).padStart(6)}s  ${rate.toFixed(1).padStart(6)}/s${this.extra ? `  ${this.extra}` : ''}`;
  }
}
