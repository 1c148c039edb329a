import fs from 'node:fs';
import path from 'node:path';

/** Whether a command resolves to an executable file (an absolute path, or a name searched on PATH). */
export function hasExecutable(command: string, envPath = process.env.PATH ?? ''): boolean {
  const candidates = command.includes('/')
    ? [command]
    : envPath
        .split(path.delimiter)
        .filter(Boolean)
        .map((d) => path.join(d, command));
  return candidates.some((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

/** Debian programs the hub needs that are missing, each with what breaks without it. */
export function missingSystemPrograms(programs: { ffmpegPath: string; ffprobePath: string }): string[] {
  const missing: string[] = [];
  if (!hasExecutable(programs.ffmpegPath))
    missing.push(`${programs.ffmpegPath} (cameras cannot record or detect motion)`);
  if (!hasExecutable(programs.ffprobePath))
    missing.push(`${programs.ffprobePath} (camera connection tests and clips)`);
  return missing;
}
