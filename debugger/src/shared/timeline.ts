import * as fs from 'node:fs';
const file = process.env.DURABLE_TS_DEBUG_TIMELINE;
export function mark(name: string): void {
  if (file) fs.appendFileSync(file, `${(performance.timeOrigin + performance.now()).toFixed(1)} ${process.pid} ${name}\n`);
}
