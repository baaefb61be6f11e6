import { statSync } from 'node:fs';
import { UserFacingError } from '../errors.ts';

/** The code of a failed file system call (`ENOENT`), if it is one. */
export function fsErrorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * A file named on the command line, checked before any work: one that is not there, or is a folder,
 * is refused in one line naming it as typed.
 */
export function namedFile(path: string): string {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (error) {
    const code = fsErrorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserFacingError(`No such file: ${path}`);
    throw new UserFacingError(`Cannot read ${path} (${code ?? 'unknown error'})`);
  }
  if (!isFile) throw new UserFacingError(`Not a file: ${path}`);
  return path;
}
