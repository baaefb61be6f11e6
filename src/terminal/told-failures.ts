/**
 * The failures this process has told the person at the terminal, by the text of their reason, so
 * that none is told twice: not by two log lines (the store's and a command's), nor by a log line and
 * then by the error the command ends with.
 */
const told = new Set<string>();

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

/** Notes the failure a log record tells; false when it was told already, and the record need not be shown. */
export function tellRecord(record: RecordReasons): boolean {
  const reasons = recordReasons(record);
  if (reasons.some((r) => told.has(r))) return false;
  for (const r of reasons) told.add(r);
  return true;
}

/** Whether a log line has already told this error (or what caused it). */
export function alreadyTold(error: unknown): boolean {
  return errorReasons(error).some((r) => told.has(r));
}

/** Notes an error the command printed, so that a later log line does not tell it again. */
export function noteTold(error: unknown): void {
  for (const r of errorReasons(error)) told.add(r);
}
