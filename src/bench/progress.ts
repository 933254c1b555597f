/**
 * A progress display on stderr for `kanta-sim seed` and `kanta-sim bench`: a redrawn bar on a TTY,
 * a line every 10 % otherwise (CI logs stay short).
 */
export interface Progress {
  update(done: number, total: number, note?: string): void;
  done(message?: string): void;
}

const WIDTH = 30;

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = performance.now();
  let lastDraw = 0;
  let lastDecile = -1;
  const tty = Boolean(stream.isTTY);
  const line = (done: number, total: number, note?: string) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(fraction * WIDTH);
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    return `${label} [${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${done}/${total} ${rate}/s${note ? ` ${note}` : ""}`;
  };
  return {
    update(done, total, note) {
      if (tty) {
        const now = performance.now();
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        stream.write(`\r${line(done, total, note)}\x1b[K`);
        return;
      }
      const decile = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${line(done, total, note)}\n`);
      }
    },
    done(message) {
      if (tty) stream.write(`\r\x1b[K`);
      if (message) stream.write(`${label} ${message}\n`);
    },
  };
}

/** A one-line status on stderr for a step without a count. */
export function status(message: string, stream: NodeJS.WriteStream = process.stderr): void {
  stream.write(`${message}\n`);
}
