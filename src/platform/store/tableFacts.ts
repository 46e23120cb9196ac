// What an evaluation asks of a stored data table before its statistics, remembered. A data table
// (t_<n>) is written once, in its upload's transaction, and afterwards only read or dropped; the
// store never gives its name out again (the names come from a sequence). So its columns, which of
// them hold no value, its row count, its quantile edges and its distinct-value estimates are the
// same every time: asked once per process, they cost an evaluation nothing the next time (at 100k
// rows the set-up went from 13 statements to 4; bench/README, issue 14). The catalog as of one
// write count (Database.read's Snapshot) never changes either: its rows are asked of it the same way,
// and the other 4 statements went too.

/** How many answers are kept: the oldest asked go first, and are asked again if needed. */
const keptAnswers = 4096;

export class TableFacts {
  private readonly answers = new Map<string, Promise<unknown>>();

  /**
   * The answer to `question` about `table` (or about the catalog after some write), from
   * `answer()` the first time it is asked. Ask only what depends on that alone (of a table, its
   * columns and rows, nothing of the catalog's; no clock, no random draw). A failed answer is not
   * kept. Answers are shared: nobody may change one.
   */
  async ask<T>(table: string, question: string, answer: () => Promise<T>): Promise<T> {
    const key = `${table}\u0000${question}`;
    const known = this.answers.get(key) as Promise<T> | undefined;
    if (!known) return this.answerNow(key, answer);
    // Asked again: it becomes the newest, the last to go.
    this.answers.delete(key);
    this.answers.set(key, known);
    try {
      return await known;
    } catch {
      // Another asker's work failed (its request may have been cancelled): this one answers for itself.
      return this.answerNow(key, answer);
    }
  }

  private answerNow<T>(key: string, answer: () => Promise<T>): Promise<T> {
    const asked = answer();
    this.answers.set(key, asked);
    asked.catch(() => {
      if (this.answers.get(key) === asked) this.answers.delete(key);
    });
    if (this.answers.size > keptAnswers) this.answers.delete(this.answers.keys().next().value!);
    return asked;
  }
}
