import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { log } from './log.mjs';

const WAIT_LIMIT_MS = 30 * 60_000;

/**
 * Runs `task` while holding a lock directory, so concurrent runs (two clones, CI beside a developer) do not
 * install into the same cache at once. The lock is created complete (owner file inside) by renaming a private
 * directory into place, which is atomic; a lock whose owner process is gone is taken over.
 */
export async function withInstallLock(lockDir, task) {
  await acquire(lockDir);
  try {
    return await task();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

async function acquire(lockDir) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const started = Date.now();
  let announced = false;
  for (;;) {
    const candidate = `${lockDir}.${process.pid}.${Date.now()}`;
    fs.mkdirSync(candidate);
    fs.writeFileSync(path.join(candidate, 'owner'), String(process.pid));
    try {
      fs.renameSync(candidate, lockDir);
      return;
    } catch (error) {
      fs.rmSync(candidate, { recursive: true, force: true });
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    }
    const owner = readOwner(lockDir);
    if (owner !== undefined && !isAlive(owner)) {
      takeOver(lockDir);
      continue;
    }
    if (!announced) {
      log(`waiting for another run (pid ${owner}) that is installing into ${path.dirname(lockDir)}`);
      announced = true;
    }
    if (Date.now() - started > WAIT_LIMIT_MS) {
      throw new Error(`gave up after ${WAIT_LIMIT_MS / 60_000} minutes waiting for the install lock ${lockDir} held by pid ${owner}; ` +
        'if no install is running, delete that directory');
    }
    await sleep(1000);
  }
}

function readOwner(lockDir) {
  try {
    return Number(fs.readFileSync(path.join(lockDir, 'owner'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** A zombie still answers kill(pid, 0), so the process state decides. */
function isAlive(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Renaming the stale lock aside first means only one of several waiters removes it. */
function takeOver(lockDir) {
  const aside = `${lockDir}.stale.${process.pid}`;
  try {
    fs.renameSync(lockDir, aside);
  } catch {
    return;
  }
  fs.rmSync(aside, { recursive: true, force: true });
}
