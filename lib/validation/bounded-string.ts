import { z } from "zod";

/**
 * A string of at most `max` characters. The length check sits behind a pipe because zod 4 runs
 * `.max()` on any value with a `length` — even one that already failed the string check — and a
 * crafted JSON object like `{"length":{"toString":0}}` then makes it throw instead of answering.
 */
export function boundedString(max: number, message?: string) {
  return z.string().pipe(z.string().max(max, message));
}
