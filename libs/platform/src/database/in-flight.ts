/**
 * Statements sent without waiting for their answers (Sql.send), and the first of their failures.
 * Each outcome is caught as it is added, so a failure nobody awaits yet is not an unhandled
 * rejection. Kept apart with no imports, so the bench's raw baseline settles its sent statements
 * with this very code.
 */
export class InFlight {
  private readonly outcomes: Promise<unknown>[] = [];

  add(statement: Promise<unknown>): void {
    this.outcomes.push(
      statement.then(noError, (error: unknown) => error ?? new Error(String(error))),
    );
  }

  /** Waits for every statement added so far; throws the first one's error, if any failed. */
  async settle(): Promise<void> {
    const outcomes = await Promise.all(this.outcomes.splice(0));
    const failure = outcomes.find((outcome) => outcome !== undefined);
    if (failure !== undefined) throw failure;
  }
}

const noError = () => undefined;
