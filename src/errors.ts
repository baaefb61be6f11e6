/** A problem the user can fix (a setting, a data file, an argument): shown as its message alone, without a stack. */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}

export class ConfigError extends UserFacingError {
  constructor(
    public readonly problems: string[],
    heading = 'Config validation failed',
  ) {
    super(`${heading}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
