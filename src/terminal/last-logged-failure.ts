/**
 * What the log of a one-shot command told last, so that the error the command ends with is not
 * printed a second time when that last log line has just told it (the store's "store unreachable",
 * then the store error the command stops on). Only the final error line is ever left out: every log
 * record is shown, however often its reason recurs.
 */
export class LastLoggedFailure {
  private reasons: string[] = [];

  /** Notes a record the command's log has just shown. */
  note(record: RecordReasons): void {
    this.reasons = recordReasons(record);
  }

  /** Whether the last log line told this error (or what caused it). */
  tells(error: unknown): boolean {
    return errorReasons(error).some((r) => this.reasons.includes(r));
  }
}

/** A log record's own words for what went wrong: its `reason`, or its error's message. */
interface RecordReasons {
  reason?: unknown;
  err?: { message?: unknown };
}

function recordReasons(record: RecordReasons): string[] {
  return [record.reason, record.err?.message].filter((r): r is string => typeof r === 'string' && r !== '');
}

/** An error's message and those of its causes, innermost last. */
function errorReasons(error: unknown): string[] {
  const reasons: string[] = [];
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 10; depth++) {
    reasons.push(e instanceof Error ? e.message : typeof e === 'string' ? e : '');
    e = e instanceof Error ? e.cause : undefined;
  }
  return reasons.filter((r) => r !== '');
}
