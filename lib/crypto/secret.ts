const REDACTED = "[redacted]";

// The symbol util.inspect looks for (Node documents it as this registry symbol). Using it
// instead of importing node:util keeps Secret browser-safe, so the wizard can hold one too.
const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

/**
 * A secret (SMTP password, AWS secret key) that refuses to be printed: it shows as
 * "[redacted]" in logs, JSON, template strings and util.inspect. Only `reveal()` gives the
 * plaintext, so every place that needs it is easy to find.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get length(): number {
    return this.#value.length;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspectCustom](): string {
    return `Secret(${REDACTED})`;
  }
}
