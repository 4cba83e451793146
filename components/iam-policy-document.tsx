import { CopyButton } from "./copy-button";

/** An IAM policy as people paste it into the console's JSON editor, with a copy button. */
export function IamPolicyDocument({ title, policy, testId }: { title: string; policy: unknown; testId?: string }) {
  const json = JSON.stringify(policy, null, 2);
  return (
    <div data-testid={testId} className="rounded-lg border border-gray-200 bg-white">
      <div className="flex items-center justify-between gap-2 border-b border-gray-200 px-3 py-2">
        <p className="text-xs font-medium text-gray-700">{title}</p>
        <CopyButton text={json} label="Copy policy" />
      </div>
      <pre
        tabIndex={0}
        aria-label={title}
        className="max-h-72 overflow-auto p-3 font-mono text-xs/5 whitespace-pre text-gray-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        {json}
      </pre>
    </div>
  );
}
