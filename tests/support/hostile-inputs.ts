// fast-check arbitraries for hostile input: what a broken or malicious client can put in a JSON
// body or a Server Action's arguments (and, for the in-process checks, what JSON cannot carry:
// bigint, undefined, NaN, Map, null-prototype objects). Plus near-valid variants of a real input,
// one field mutated, so the validators' inner branches are reached and not just the type check,
// and the checks every fuzz test makes on what came back (plain words, no echo, no pollution).
import fc from "fast-check";

// ---- Strings ---------------------------------------------------------------------------------

/**
 * Characters no validator here accepts anywhere in a value, and that trim() and /\s/ leave in
 * place: control and format characters, lone surrogates, emoji. One of them inserted into a valid
 * value makes it invalid by construction (see {@link poisoned}).
 */
export const POISON_CHARS = [
  "\u0000",
  "\u0001",
  "\u0008",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u200b", // zero-width space
  "\u200e", // left-to-right mark
  "\u202e", // right-to-left override
  "\u2066", // left-to-right isolate
  "\ud800", // lone high surrogate
  "\udfff", // lone low surrogate
  "\ufffd",
  "\uffff",
  "\u0301", // combining acute accent
  "💥",
  "👩‍💻",
  "🇺🇸",
] as const;

/** Whitespace of every kind, which trim() and \s do remove: values padded with it stay valid. */
const WHITESPACE = [" ", "\t", "\n", "\r\n", "\u00a0", "\u2028", "\u2029", "\u3000", "\ufeff"] as const;

/** Text with a meaning somewhere: keys and values that trip naive code. */
const TRICKY_TEXT = [
  "",
  " ",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "then",
  "[object Object]",
  "undefined",
  "null",
  "NaN",
  "Infinity",
  "-0",
  "1e309",
  "0x1f",
  "\u202egnp.exe",
  "<script>alert(1)</script>",
  `'; DROP TABLE "TestSend"; --`,
  "${process.env.DATABASE_URL}",
  "{{7*7}}",
  "%s%n%x",
  "../../../etc/passwd",
  "\\",
  '"',
  "ｅｘａｍｐｌｅ．ｃｏｍ",
  "xn--80ak6aa92e.com",
  "e\u0301xample.com",
] as const;

const charPiece = fc.oneof(
  fc.constantFrom(...POISON_CHARS),
  fc.constantFrom(...WHITESPACE),
  fc.constantFrom(...TRICKY_TEXT),
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.string({ unit: "grapheme", maxLength: 6 }),
  fc.string({ unit: "grapheme-ascii", maxLength: 12 }),
);

/** Short hostile text: control characters, NUL, lone surrogates, RTL overrides, emoji, tricky words. */
export const hostileShortString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...TRICKY_TEXT),
  fc.array(charPiece, { maxLength: 8 }).map((pieces) => pieces.join("")),
  fc.string({ unit: "binary", maxLength: 40 }),
);

/** A long string, up to ~100 kB, built by repetition so generating it stays cheap. */
export const longString = (minLength = 200, maxLength = 100_000): fc.Arbitrary<string> =>
  fc
    .tuple(
      hostileShortString.filter((s) => s.length > 0),
      fc.integer({ min: minLength, max: maxLength }),
    )
    .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: hostileShortString },
  { weight: 1, arbitrary: longString() },
);

/** A DNS label of 1–63 letters and digits (valid in a domain name). */
const dnsLabel: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom("a", "x", "mail", "z9"), fc.integer({ min: 1, max: 63 }))
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

/**
 * A well-formed domain name of up to ~250 characters ending in `suffix`: long inputs whose shape
 * passes the first checks, so the later ones (and their messages) are reached.
 */
export const longDomain = (suffix = "example.com"): fc.Arbitrary<string> =>
  fc
    .array(dnsLabel, { minLength: 1, maxLength: 5 })
    .map((labels) => `${labels.join(".")}.${suffix}`.slice(-253).replace(/^[.-]+/, ""));

/**
 * For a dotted value (a domain, host or address): the same kind of value, long. Its suffix is the
 * valid one's domain or that domain's parent, so the long value is a subdomain, or just outside.
 */
function longLike(valid: string): fc.Arbitrary<string> {
  const at = valid.lastIndexOf("@");
  const domain = valid.slice(at + 1);
  if (!domain.includes(".")) return fc.constant(valid);
  const parent = domain.slice(domain.indexOf(".") + 1);
  return fc
    .constantFrom(domain, parent)
    .chain(longDomain)
    .map((long) => (at < 0 ? long : `${valid.slice(0, at)}@${long}`));
}

/** `valid` with one poison character inserted: invalid for every field checked here, by construction. */
export const poisoned = (valid: string): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: 0, max: valid.length }), fc.constantFrom(...POISON_CHARS))
    .map(([at, poison]) => valid.slice(0, at) + poison + valid.slice(at));

/** Variations of a valid string: some stay valid (padding, case), most do not. */
export const nearString = (valid: string): fc.Arbitrary<string> =>
  fc.oneof(
    // Long but well-formed: a long domain (or host, or address) in place of the valid one's.
    longLike(valid),
    poisoned(valid),
    fc
      .tuple(fc.constantFrom(...WHITESPACE), fc.constantFrom(...WHITESPACE))
      .map(([before, after]) => before + valid + after),
    fc.constantFrom(valid.toUpperCase(), valid.toLowerCase(), valid.slice(1), valid.slice(0, -1), valid + valid),
    fc.integer({ min: 1, max: Math.ceil(100_000 / Math.max(valid.length, 1)) }).map((times) => valid.repeat(times)),
    fc.tuple(fc.integer({ min: 0, max: valid.length }), hostileShortString).map(([at, s]) => valid.slice(0, at) + s),
    hostileShortString.map((s) => valid + s),
  );

// ---- Numbers ---------------------------------------------------------------------------------

export const EDGE_NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.1,
  0.5,
  1.5,
  25,
  465,
  587,
  2465,
  2587,
  65_535,
  65_536,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_SAFE_INTEGER,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.EPSILON,
  1e21,
  1e-7,
] as const;

/** Finite numbers JSON can carry, edges first. */
export const jsonNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...EDGE_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Every number, NaN and the infinities included. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  jsonNumber,
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.double(),
);

// ---- JSON ------------------------------------------------------------------------------------

/** Keys that matter to JavaScript objects, and ordinary ones. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "__proto__",
    "constructor",
    "prototype",
    "toString",
    "valueOf",
    "hasOwnProperty",
    "__defineGetter__",
    "then",
    "length",
    "0",
    "",
    "kind",
    "settings",
    "password",
    "polluted",
  ),
  fc.string({ maxLength: 10 }),
  hostileShortString,
);

/**
 * Number literals as JSON text: JSON.parse turns "-0" into -0 and "1e309" into Infinity, which
 * JSON.stringify can never write.
 */
const jsonNumberText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: jsonNumber.map((n) => JSON.stringify(n)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("-0", "1e309", "-1e309", "1e-400", "9007199254740993", "0.1e1", "1E+2", "-0.0"),
  },
);

// Long strings are rarer inside trees than at the top, or every tree would carry several.
const treeString: fc.Arbitrary<string> = fc.oneof(
  { weight: 30, arbitrary: hostileShortString },
  { weight: 1, arbitrary: longString() },
);

const jsonScalarText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: treeString.map((s) => JSON.stringify(s)) },
  { weight: 2, arbitrary: jsonNumberText },
  { weight: 1, arbitrary: fc.constantFrom("true", "false", "null") },
);

const objectText = (entries: [string, string][]) =>
  `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(",")}}`;

/**
 * JSON text of hostile values, built as text so that JSON.parse makes "__proto__" an own key
 * (an object literal or assignment would set the prototype instead).
 */
export const hostileJsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 3, arbitrary: jsonScalarText },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 6 }).map((items) => `[${items.join(",")}]`) },
    { weight: 1, arbitrary: fc.array(fc.tuple(hostileKey, tie("value")), { maxLength: 6 }).map(objectText) },
  ),
})).value;

/** Objects whose JSON would pollute Object.prototype if merged naively. */
export const PROTOTYPE_POLLUTION_TEXTS = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"__proto__":{"__proto__":{"polluted":"yes"}}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"prototype":{"polluted":"yes"}}',
  '[{"__proto__":{"polluted":"yes"}}]',
  '{"__proto__":null}',
  '{"__proto__":[]}',
  '{"__proto__":{"toString":"polluted","valueOf":"polluted"}}',
  '{"toString":{"polluted":"yes"},"valueOf":1,"hasOwnProperty":"polluted"}',
] as const;

export const prototypePollutionText: fc.Arbitrary<string> = fc.constantFrom(...PROTOTYPE_POLLUTION_TEXTS);

/** Arrays or objects nested up to 10,000 deep. */
export const deeplyNestedText: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 200 }) }, fc.integer({ min: 200, max: 10_000 })),
    fc.boolean(),
    jsonScalarText,
  )
  .map(([depth, arrays, leaf]) =>
    arrays ? "[".repeat(depth) + leaf + "]".repeat(depth) : '{"a":'.repeat(depth) + leaf + "}".repeat(depth),
  );

/** Any hostile value JSON can carry, as JSON text. */
export const anyJsonText: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: hostileJsonText },
  { weight: 2, arbitrary: prototypePollutionText },
  { weight: 1, arbitrary: deeplyNestedText },
);

/** Any hostile value JSON can carry. */
export const hostileJson: fc.Arbitrary<unknown> = anyJsonText.map((text) => JSON.parse(text) as unknown);

/** Text that is not JSON, or only nearly. */
export const invalidJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "{",
    "}",
    "[",
    "{]",
    '{"kind":"unsaved",}',
    "{'kind':'unsaved'}",
    '{"kind":"unsaved"',
    "undefined",
    "NaN",
    "Infinity",
    "-",
    "01",
    '"\\u12"',
    '"\\x41"',
    "\u0000",
    "\ufeff{}",
    '{"a":1}{"b":2}',
    "[1,2,]",
    "/* comment */ {}",
    '{"a":"line\nbreak"}',
  ),
  hostileShortString.filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  }),
  fc.tuple(hostileJsonText, fc.integer({ min: 1, max: 5 })).map(([text, cut]) => text.slice(0, -cut) + "\u0000"),
);

// ---- Anything (in-process only) ---------------------------------------------------------------

/** Values only code can pass: bigint, undefined, NaN, -0, Infinity, Map, Set, Date, null prototypes. */
export const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  treeString,
  hostileNumber,
  fc.bigInt(),
  fc.boolean(),
  fc.constantFrom(null, undefined),
);

export const hostileAnything: fc.Arbitrary<unknown> = fc.anything({
  key: hostileKey,
  values: [hostileScalar],
  maxDepth: 4,
  maxKeys: 8,
  withBigInt: true,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withObjectString: true,
  withNullPrototype: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
  withUnicodeString: true,
});

/** Every kind of hostile value: JSON's and the in-process ones. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileAnything },
  { weight: 3, arbitrary: hostileJson },
  { weight: 2, arbitrary: hostileScalar },
);

const TRAPS = {
  "throwing getter": () =>
    Object.defineProperty({}, "password", {
      enumerable: true,
      get() {
        throw new Error("getter trap");
      },
    }),
  "throwing proxy": () => {
    const trap = () => {
      throw new Error("proxy trap");
    };
    return new Proxy({}, { get: trap, has: trap, getOwnPropertyDescriptor: trap, ownKeys: trap, getPrototypeOf: trap });
  },
  "revoked proxy": () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  },
  "throwing toString": () => ({
    toString() {
      throw new Error("toString trap");
    },
    valueOf() {
      throw new Error("valueOf trap");
    },
  }),
} as const;

/** A trap object, not yet made: fast-check itself would trip over it (it looks for a clone method). */
export class Trap {
  constructor(readonly name: keyof typeof TRAPS) {}
  make(): unknown {
    return TRAPS[this.name]();
  }
  toString(): string {
    return `Trap(${this.name})`;
  }
}

/**
 * Objects that fight back: getters and proxies that throw. JSON cannot make them, so they are
 * only for the functions that promise never to throw on anything (checkCredentials, diagnose).
 * Generated as {@link Trap}s: call {@link materialize} inside the property.
 */
export const trapObject: fc.Arbitrary<Trap> = fc
  .constantFrom(...(Object.keys(TRAPS) as (keyof typeof TRAPS)[]))
  .map((name) => new Trap(name));

/** The value itself, or the trap object a {@link Trap} stands for (also inside a tuple). */
export function materialize<T>(value: T): T {
  if (value instanceof Trap) return value.make() as T;
  if (Array.isArray(value) && value.some((item) => item instanceof Trap)) return value.map(materialize) as T;
  return value;
}

// ---- Near-valid --------------------------------------------------------------------------------

type PathKey = string | number;

/** Every path to a value inside a JSON-shaped example, the root excepted. */
export function pathsOf(value: unknown, prefix: PathKey[] = []): PathKey[][] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  }
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
  }
  return [];
}

function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let current = root;
  for (const key of path) current = (current as Record<PathKey, unknown>)[key];
  return current;
}

/** Sets an own property, "__proto__" included (plain assignment would change the prototype). */
export function defineOwn(target: object, key: PathKey, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

const clone = <T>(value: T): T => structuredClone(value);

/** Near-valid replacements for a value, from its type. */
export function nearValue(original: unknown): fc.Arbitrary<unknown> {
  if (typeof original === "string") return nearString(original);
  if (typeof original === "number") {
    return fc.oneof(
      hostileNumber,
      fc.constantFrom(String(original), ` ${original} `, `${original}px`, -original, original + 0.5, original * 1e6),
    );
  }
  if (typeof original === "boolean") return fc.constantFrom(!original, String(original), Number(original), null);
  if (Array.isArray(original)) {
    return fc.oneof(
      fc.constant([]),
      fc.integer({ min: 2, max: 200 }).map((times) => Array.from({ length: times }, () => clone(original[0]))),
      fc.constant(original[0]),
      fc.constant(Object.assign({}, original)),
      fc.array(hostileValue, { maxLength: 4 }).map((extra) => [...clone(original), ...extra]),
    );
  }
  if (typeof original === "object" && original !== null) {
    return fc.oneof(fc.constant({}), fc.constant([original]), fc.constant(JSON.stringify(original)));
  }
  return hostileValue;
}

export interface NearValidOptions {
  /** Replacement values; defaults to near values of the original plus any hostile value. */
  replacement?: (original: unknown, path: readonly PathKey[]) => fc.Arbitrary<unknown>;
  /** JSON-safe values only (for bodies sent over HTTP). */
  json?: boolean;
}

/**
 * A valid example with one thing changed: a value replaced (by a near value or a hostile one),
 * a key removed, or a hostile key ("__proto__" as an own key among them) added somewhere.
 */
export function nearValid(valid: object, options: NearValidOptions = {}): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid);
  // Keys are added to objects only: an array with extra own keys ("length", "constructor") is
  // nothing JSON or a Server Action's arguments can carry.
  const isObject = (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value);
  const containers = [[], ...paths].filter((path) => isObject(valueAt(valid, path)));
  const anyValue = options.json ? hostileJson : hostileValue;
  const replacement =
    options.replacement ??
    ((original: unknown) =>
      fc.oneof({ weight: 3, arbitrary: nearValue(original) }, { weight: 1, arbitrary: anyValue }));

  const replace = fc
    .constantFrom(...paths)
    .chain((path) => replacement(valueAt(valid, path), path).map((value) => ({ path, value })))
    .map(({ path, value }) => {
      const copy = clone(valid);
      defineOwn(valueAt(copy, path.slice(0, -1)) as object, path.at(-1) as PathKey, value);
      return copy;
    });
  const remove = fc.constantFrom(...paths).map((path) => {
    const copy = clone(valid);
    const parent = valueAt(copy, path.slice(0, -1)) as Record<PathKey, unknown>;
    if (Array.isArray(parent)) parent.splice(path.at(-1) as number, 1);
    else delete parent[path.at(-1) as PathKey];
    return copy;
  });
  const addKey = fc
    .tuple(fc.constantFrom(...containers), hostileKey, fc.oneof(anyValue, prototypePollutionText.map(JSON.parse)))
    .map(([path, key, value]) => {
      const copy = clone(valid);
      defineOwn(valueAt(copy, path) as object, key, value);
      return copy;
    });
  return fc.oneof(
    { weight: 6, arbitrary: replace },
    { weight: 1, arbitrary: remove },
    { weight: 2, arbitrary: addKey },
  );
}

/** The usual mix for one target: mostly near-valid, the rest anything at all. */
export function hostileInputFor(valid: object, options: NearValidOptions = {}): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 5, arbitrary: nearValid(valid, options) },
    { weight: 2, arbitrary: options.json ? hostileJson : hostileValue },
    { weight: 1, arbitrary: prototypePollutionText.map((text) => JSON.parse(text) as unknown) },
  );
}

// ---- Checks on what came back ------------------------------------------------------------------

const PROTOTYPES: readonly [string, object][] = [
  ["Object.prototype", Object.prototype],
  ["Array.prototype", Array.prototype],
  ["Function.prototype", Function.prototype],
  ["String.prototype", String.prototype],
];
const KEY_COUNTS = PROTOTYPES.map(([, target]) => Reflect.ownKeys(target).length);
const OBJECT_PROTOTYPE = new Map(
  Reflect.ownKeys(Object.prototype).map((key) => [key, Reflect.getOwnPropertyDescriptor(Object.prototype, key)?.value]),
);

/** Throws if any input so far has added or replaced a property of a built-in prototype. */
export function assertNoPrototypePollution(): void {
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || probe.isAdmin !== undefined) throw new Error("Object.prototype was polluted");
  PROTOTYPES.forEach(([name, target], index) => {
    if (Reflect.ownKeys(target).length !== KEY_COUNTS[index]) throw new Error(`${name} has new properties`);
  });
  for (const [key, value] of OBJECT_PROTOTYPE) {
    if (Reflect.getOwnPropertyDescriptor(Object.prototype, key)?.value !== value) {
      throw new Error(`Object.prototype.${String(key)} was replaced`);
    }
  }
}

/** Inputs over this length must never be quoted back. */
export const LONG_INPUT = 200;
/** No single message is longer: a message is a sentence or three, not a document. */
export const MAX_MESSAGE_LENGTH = 600;
/** How many values of an input are looked at for echoes (inputs nest 10,000 deep). */
const MAX_NODES = 1_000;

export interface MessageOptions {
  /**
   * The shortest piece of a long input that may not appear in a message: 101 by default, so a
   * message may quote the start of a long value (up to 100 characters, then "…") but never the
   * value whole; longer where quoting more is the point (a diagnosis quotes the reply it explains,
   * capped at 200 characters).
   */
  echoWindow?: number;
  /** The longest a message may be: MAX_MESSAGE_LENGTH unless said otherwise. */
  maxLength?: number;
}

/** What the messages are checked against, worked out once per input. */
export interface InputFacts {
  maxLength: number;
  /** Pieces of every long string in the input (as typed, trimmed, and as a host is normalised), lower case. */
  longPieces: string[];
  /** Words a message may only contain when the input did ("undefined", "NaN", "[object "). */
  mentioned: Set<string>;
}

const SUSPICIOUS = ["undefined", "NaN", "[object "] as const;

/** Reads the strings (and keys) of an input, iteratively and up to MAX_NODES values. */
export function factsOf(
  root: unknown,
  { echoWindow = 101, maxLength = MAX_MESSAGE_LENGTH }: MessageOptions = {},
): InputFacts {
  const facts: InputFacts = { maxLength, longPieces: [], mentioned: new Set() };
  const seen = new Set<unknown>();
  // Breadth first, so a deep part of the input cannot use up the budget before the shallow ones.
  const queue: unknown[] = [root];
  let next = 0;
  const w = echoWindow;
  const addString = (text: string) => {
    for (const word of SUSPICIOUS) if (text.includes(word)) facts.mentioned.add(word);
    if (text.length <= LONG_INPUT) return;
    // Windows at the start, middle and end, as typed and with the spaces taken out (as a host is
    // normalised), worked out on slices: inputs run to 100 kB.
    const middle = Math.max(0, Math.floor(text.length / 2 - 1.5 * w));
    const chunks = [text.slice(0, 3 * w).trimStart(), text.slice(middle, middle + 3 * w), text.slice(-3 * w).trimEnd()];
    for (const form of [(x: string) => x, (x: string) => x.replace(/\s+/g, "")]) {
      const [head = "", mid = "", tail = ""] = chunks.map((chunk) => form(chunk).toLowerCase());
      const pieces = [head.slice(0, w), mid.slice(Math.max(0, (mid.length - w) >> 1)).slice(0, w), tail.slice(-w)];
      // Only whole windows: a mostly blank input leaves a short piece that proves nothing.
      for (const piece of pieces) if (piece.length === w) facts.longPieces.push(piece);
    }
  };
  let nodes = 0;
  while (next < queue.length && nodes < MAX_NODES) {
    const value = queue[next++];
    nodes += 1;
    if (typeof value === "string") {
      addString(value);
      continue;
    }
    if (typeof value !== "object" || value === null) {
      // NaN, undefined, 1e21…: quoting the input back may legitimately say them.
      if (typeof value !== "function" && typeof value !== "symbol") addString(String(value));
      continue;
    }
    if (seen.has(value) || ArrayBuffer.isView(value)) continue;
    seen.add(value);
    try {
      for (const key of Reflect.ownKeys(value)) {
        if (typeof key !== "string" || key === "length") continue;
        if (nodes++ > MAX_NODES) break;
        // Array indices are no input anyone typed; other keys are.
        if (!(Array.isArray(value) && /^\d+$/.test(key))) addString(key);
        const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
        if (descriptor && "value" in descriptor) queue.push(descriptor.value);
      }
      if (value instanceof Map) for (const [key, item] of value) queue.push(key, item);
      if (value instanceof Set) for (const item of value) queue.push(item);
    } catch {
      // A revoked proxy or a trap: nothing to read.
    }
  }
  return facts;
}

/**
 * Why a message is not plain words for a person, or undefined when it is: non-empty text with
 * words in it, at most MAX_MESSAGE_LENGTH characters, no stack trace or JavaScript error name,
 * no "[object Object]", "undefined" or "NaN" the input did not contain, and no piece of an input
 * string over LONG_INPUT characters (see InputFacts).
 */
export function messageProblem(message: unknown, facts: InputFacts): string | undefined {
  if (typeof message !== "string") return `not a string: ${typeof message}`;
  if (message.trim() === "") return "empty";
  if (!/\p{L}{2}/u.test(message)) return "no words";
  if (message.length > facts.maxLength) return `${message.length} characters long`;
  if (/\n\s+at\s|\b(?:TypeError|RangeError|SyntaxError|ReferenceError)\b/.test(message)) return "a stack or error name";
  if (message.includes("[object ") && !facts.mentioned.has("[object ")) return "says [object …]";
  for (const word of ["undefined", "NaN"]) {
    // zod's own "expected string, received undefined" names the type: that is words.
    if (new RegExp(`(?<!received )\\b${word}\\b`).test(message) && !facts.mentioned.has(word)) return `says "${word}"`;
  }
  if (facts.longPieces.length > 0) {
    const lower = message.toLowerCase();
    if (facts.longPieces.some((piece) => lower.includes(piece))) return "echoes a long input";
  }
  return undefined;
}

/** Fails with every problem at once, naming the message. */
export function expectPlainWords(messages: readonly unknown[], facts: InputFacts): void {
  const problems = messages.flatMap((message) => {
    const problem = messageProblem(message, facts);
    return problem ? [`${problem}: ${JSON.stringify(message)?.slice(0, 300)}`] : [];
  });
  if (problems.length > 0) throw new Error(`Messages that are not plain words:\n${problems.join("\n")}`);
}

const PIECE = 12;

/**
 * Why some output leaks a secret, or undefined: no 12-character piece of it (as typed or trimmed)
 * may appear in any of the texts, unless that piece is also in `publicTexts` (the rest of the
 * input, which output may quote). Of a huge secret, only the pieces near its ends are looked for.
 */
export function secretLeak(
  texts: readonly string[],
  secrets: readonly unknown[],
  publicTexts: readonly string[] = [],
): string | undefined {
  const all = texts.join("\u0000");
  const known = publicTexts.join("\u0000");
  for (const secret of secrets) {
    if (typeof secret !== "string") continue;
    for (const form of new Set([secret, secret.trim()])) {
      const last = form.length - PIECE;
      for (let at = 0; at <= last; at = at === 299 && last > 600 ? last - 300 : at + 1) {
        const piece = form.slice(at, at + PIECE);
        if (!all.includes(piece) || known.includes(piece)) continue;
        const text = texts.find((candidate) => candidate.includes(piece)) ?? all;
        return `a piece of a secret (${JSON.stringify(piece)}) in ${JSON.stringify(text.slice(0, 300))}`;
      }
    }
  }
  return undefined;
}
