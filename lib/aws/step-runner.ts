// Helpers for actions made of several AWS calls in a row (the policy migration, creating SMTP
// credentials): each call fails as a StepFailure carrying the problem under that call's own action,
// so a step that makes two calls reports the one that actually failed.
import { type AwsProblem, describeAwsError, type DescribeAwsErrorOptions } from "./aws-errors";

export class StepFailure extends Error {
  readonly problem: AwsProblem;

  constructor(problem: AwsProblem) {
    super(problem.message);
    this.name = "StepFailure";
    this.problem = problem;
  }
}

/** Runs one AWS call; a failure becomes a StepFailure described for `action`. */
export async function attempt<T>(
  action: string,
  call: () => Promise<T>,
  options?: DescribeAwsErrorOptions,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new StepFailure(describeAwsError(error, action, options));
  }
}

/** The problem behind a step's failure; errors that are not StepFailures are described for `action`. */
export function problemOf(error: unknown, action: string, options?: DescribeAwsErrorOptions): AwsProblem {
  return error instanceof StepFailure ? error.problem : describeAwsError(error, action, options);
}
