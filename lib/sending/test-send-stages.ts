// The stages a test send is shown in, and the bookkeeping that times them. Stages run one after
// another and each one starts where the one before ended, so their times add up to the session
// and a slow step is plain to see. Browser-safe: the wizard imports the labels.

export const TEST_SEND_STAGE_NAMES = ["dns", "connect", "tls", "ehlo", "auth", "mail-from", "rcpt-to", "data"] as const;

export type TestSendStageName = (typeof TEST_SEND_STAGE_NAMES)[number];

export const TEST_SEND_STAGE_LABELS: Readonly<Record<TestSendStageName, string>> = {
  dns: "DNS lookup",
  connect: "TCP connect",
  tls: "TLS",
  ehlo: "EHLO",
  auth: "AUTH",
  "mail-from": "MAIL FROM",
  "rcpt-to": "RCPT TO",
  data: "DATA",
};

export interface TestSendStage {
  name: TestSendStageName;
  /** "DNS lookup", "TCP connect", "TLS", "EHLO", "AUTH", "MAIL FROM", "RCPT TO", "DATA". */
  label: string;
  status: "passed" | "failed" | "skipped";
  /** How long the stage took; absent when it was skipped or not measured (DNS over a route). */
  ms?: number;
  /** What happened, e.g. "TLSv1.3 (TLS_AES_256_GCM_SHA384)" or "250 Ok …". Never holds secrets. */
  detail?: string;
}

/**
 * Walks the stages in order: the current one passes or fails, and a failure skips the rest.
 * Once a stage has failed, later news is ignored, so the first failure on the wire is the one shown.
 */
export class TestSendProgress {
  readonly #stages: TestSendStage[] = [];
  readonly #onStage: ((stage: TestSendStage) => void) | undefined;
  readonly #now: () => number;
  #index = 0;
  #startedAt: number;
  #failed = false;

  constructor(options: { onStage?: (stage: TestSendStage) => void; now: () => number }) {
    this.#onStage = options.onStage;
    this.#now = options.now;
    this.#startedAt = options.now();
  }

  /** The stage running now; undefined once every stage has passed or one has failed. */
  get current(): TestSendStageName | undefined {
    return this.#failed ? undefined : TEST_SEND_STAGE_NAMES[this.#index];
  }

  get failed(): boolean {
    return this.#failed;
  }

  get stages(): TestSendStage[] {
    return this.#stages.map((stage) => ({ ...stage }));
  }

  /** Starts the current stage's clock again: time spent waiting on purpose is not the server's. */
  restartClock(): void {
    this.#startedAt = this.#now();
  }

  /** Passes the current stage if it is `name`; a stage that isn't running can't pass. */
  pass(name: TestSendStageName, detail?: string, options: { timed?: boolean } = {}): void {
    if (this.current !== name) return;
    this.#finish("passed", detail, options.timed ?? true);
  }

  /** Fails the current stage (whichever it is) and skips the ones after it. */
  fail(detail?: string): TestSendStageName | undefined {
    const name = this.current;
    if (name === undefined) return undefined;
    this.#finish("failed", detail, true);
    this.#failed = true;
    for (const skipped of TEST_SEND_STAGE_NAMES.slice(this.#index)) {
      this.#record({ name: skipped, label: TEST_SEND_STAGE_LABELS[skipped], status: "skipped" });
    }
    return name;
  }

  #finish(status: "passed" | "failed", detail: string | undefined, timed: boolean): void {
    const name = TEST_SEND_STAGE_NAMES[this.#index];
    if (name === undefined) return;
    const now = this.#now();
    const stage: TestSendStage = { name, label: TEST_SEND_STAGE_LABELS[name], status };
    if (timed) stage.ms = Math.max(0, Math.round(now - this.#startedAt));
    if (detail) stage.detail = detail;
    this.#index++;
    this.#startedAt = now;
    this.#record(stage);
  }

  #record(stage: TestSendStage): void {
    this.#stages.push(stage);
    try {
      this.#onStage?.({ ...stage });
    } catch {
      // A broken progress listener must not break the SMTP session it is watching.
    }
  }
}
