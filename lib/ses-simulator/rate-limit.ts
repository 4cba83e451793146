// SES's two sending limits, per account and region: a maximum send rate (a token bucket, so a
// short burst up to the rate is fine and then it refills continuously) and a rolling 24-hour
// quota (a sliding window, not a calendar day). Both count recipients, as SES does. The clock is
// injected so tests can move time instead of waiting.

export type SendingLimitVerdict = "ok" | "max-send-rate-exceeded" | "daily-quota-exceeded";

export interface SendingLimits {
  /** Recipients per second; -1 = unlimited. */
  maxSendRate: number;
  /** Recipients per rolling 24 hours; -1 = unlimited. */
  max24HourSend: number;
  /** Recipients counted as already sent in the window besides this limiter's own (the scenario's sentLast24Hours). */
  sentElsewhere?: number;
}

const WINDOW_MS = 24 * 60 * 60 * 1000;

interface Bucket {
  tokens: number;
  refilledAt: number;
}

interface SentBatch {
  at: number;
  recipients: number;
}

export class SendingRateLimiter {
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();
  readonly #sent = new Map<string, SentBatch[]>();

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /**
   * Decides whether a message to `recipients` recipients may go out now and, if so, counts it.
   * A refused message counts for nothing, as on SES.
   */
  take(key: string, recipients: number, limits: SendingLimits): SendingLimitVerdict {
    const now = this.#now();
    const cost = Math.max(1, recipients);

    const sent = this.#pruned(key, now);
    const sentInWindow = sent.reduce((sum, batch) => sum + batch.recipients, 0) + (limits.sentElsewhere ?? 0);
    if (limits.max24HourSend !== -1 && sentInWindow + cost > limits.max24HourSend) return "daily-quota-exceeded";

    if (limits.maxSendRate !== -1) {
      const capacity = limits.maxSendRate;
      const bucket = this.#buckets.get(key) ?? { tokens: capacity, refilledAt: now };
      const elapsedSeconds = Math.max(0, now - bucket.refilledAt) / 1000;
      bucket.tokens = Math.min(capacity, bucket.tokens + elapsedSeconds * limits.maxSendRate);
      bucket.refilledAt = now;
      this.#buckets.set(key, bucket);
      // A message with more recipients than one second's worth may still go when the bucket is
      // full (it then goes into debt); otherwise it could never be sent at all.
      if (bucket.tokens < Math.min(cost, capacity)) return "max-send-rate-exceeded";
      bucket.tokens -= cost;
    }

    sent.push({ at: now, recipients: cost });
    this.#sent.set(key, sent);
    return "ok";
  }

  /** Recipients counted in the rolling 24 hours up to now (what GetSendQuota calls SentLast24Hours). */
  sentLast24Hours(key: string): number {
    return this.#pruned(key, this.#now()).reduce((sum, batch) => sum + batch.recipients, 0);
  }

  reset(): void {
    this.#buckets.clear();
    this.#sent.clear();
  }

  #pruned(key: string, now: number): SentBatch[] {
    const sent = (this.#sent.get(key) ?? []).filter((batch) => now - batch.at < WINDOW_MS);
    this.#sent.set(key, sent);
    return sent;
  }
}

/** Limits are per account and region: the same account has a separate quota in each region. */
export function sendingLimitKey(accountId: string, region: string): string {
  return `${accountId}/${region}`;
}
