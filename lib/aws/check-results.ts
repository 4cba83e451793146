// Small builders for checks that could not run, so every such check says the same kind of thing:
// "Not checked: <why>", the fix, and the problem behind it.
import type { AwsProblem } from "./aws-errors";
import type { AccountCheck, AccountCheckId } from "./check-types";

/** A check that could not run because an AWS call failed. */
export function unavailableCheck(
  id: AccountCheckId,
  title: string,
  problem: AwsProblem,
  detail?: string,
): AccountCheck {
  const [first, rest] = splitFirstSentence(problem.message);
  return {
    id,
    title,
    status: "unavailable",
    summary: `Not checked: ${lowerFirstWord(first)}`,
    ...(detail ? { detail } : {}),
    ...(rest ? { fix: rest } : {}),
    problem,
  };
}

/** A check that did not run because of an earlier result; `reason` completes "Skipped: …". */
export function skippedCheck(id: AccountCheckId, title: string, reason: string): AccountCheck {
  return { id, title, status: "skipped", summary: `Skipped: ${reason}` };
}

/** "A. B. C." → ["A.", "B. C."]; a sentence ends at ". " followed by a capital letter. */
export function splitFirstSentence(text: string): [string, string | undefined] {
  const match = /[.!?](?:\))?\s+(?=[A-Z(])/.exec(text);
  if (!match) return [text, undefined];
  const end = match.index + match[0].trimEnd().length;
  return [text.slice(0, end), text.slice(match.index + match[0].length) || undefined];
}

// "The diagnostics key is…" → "the diagnostics key is…"; acronyms and names ("AWS", "No") are kept,
// except the few sentence openers the problem messages use.
function lowerFirstWord(text: string): string {
  return text.replace(/^(The|No|Could) /, (word) => word.toLowerCase());
}
