export interface WriteBatcherOptions {
  /** The most calls one batch takes. */
  maxBatch: number;
  /** Batches running at the same time; calls arriving meanwhile wait and form the next one. */
  maxRunning: number;
}

interface Waiting<In, Out> {
  input: In;
  resolve: (output: Out) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for one kind of write: calls that arrive while earlier batches are being written
 * wait, and then go to the database together, as one transaction of multi-row statements. On a
 * busy node a write then costs a share of one round trip per statement and of one commit, instead
 * of all of them; on a quiet node a call waits only for the current turn of the event loop.
 *
 * `write` must return one output per input, in order. When a batch of several fails, each of
 * its calls is written again on its own, so a bad call fails alone with its own error.
 */
export class WriteBatcher<In, Out> {
  readonly #write: (inputs: In[]) => Promise<Out[]>;
  readonly #options: WriteBatcherOptions;
  readonly #waiting: Waiting<In, Out>[] = [];
  #running = 0;
  #scheduled = false;

  constructor(write: (inputs: In[]) => Promise<Out[]>, options: WriteBatcherOptions) {
    this.#write = write;
    this.#options = options;
  }

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.#waiting.push({ input, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#running >= this.#options.maxRunning || this.#waiting.length === 0) return;
    this.#scheduled = true;
    // Calls that arrive in the same turn of the event loop (requests read together) join in.
    setImmediate(() => {
      this.#scheduled = false;
      this.#startBatch();
    });
  }

  #startBatch(): void {
    if (this.#running >= this.#options.maxRunning || this.#waiting.length === 0) return;
    const batch = this.#waiting.splice(0, this.#options.maxBatch);
    this.#running++;
    this.#settle(batch).finally(() => {
      this.#running--;
      this.#schedule();
    });
  }

  async #settle(batch: Waiting<In, Out>[]): Promise<void> {
    try {
      const outputs = await this.#write(batch.map((call) => call.input));
      if (outputs.length !== batch.length) {
        throw new Error(`A batch of ${batch.length} writes gave ${outputs.length} outputs`);
      }
      for (const [index, call] of batch.entries()) call.resolve(outputs[index] as Out);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      await Promise.all(batch.map((call) => this.#settle([call])));
    }
  }
}
