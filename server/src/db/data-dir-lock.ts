import fs from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  readonly ownerPid: number;
  constructor(dataDir: string, ownerPid: number) {
    super(
      `Another Tierline (pid ${ownerPid}) is already running on the data directory ${dataDir}. ` +
        'Stop it first, or start this one with a different TIERLINE_DATA_DIR.',
    );
    this.ownerPid = ownerPid;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive, crash-safe claim on a data directory: a pid file created with O_EXCL.
 * A file left behind by a killed process is detected (its pid is gone) and taken over.
 */
export function lockDataDir(dataDir: string): { release(): void } {
  const lockPath = path.join(dataDir, 'tierline.pid');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return {
        release() {
          try {
            if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
          } catch {
            // already gone: nothing to release
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const ownerPid = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(ownerPid) && ownerPid !== process.pid && isAlive(ownerPid)) {
        throw new DataDirLockedError(dataDir, ownerPid);
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

export { isAlive as isProcessAlive };
