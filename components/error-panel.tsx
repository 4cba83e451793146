import Link from "next/link";
import { buttonClasses } from "./button";
import { RefreshIcon, WarningIcon } from "./icons";

/**
 * What an error boundary shows. It deliberately takes no message: a thrown error can carry
 * connection strings or SQL, so only the digest (a reference the server log also has) is shown.
 */
export function ErrorPanel({ digest, onRetry }: { digest?: string; onRetry: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-lg rounded-xl border border-gray-200 bg-white p-6 shadow-xs sm:p-8">
      <div className="flex size-10 items-center justify-center rounded-full bg-red-50 text-red-600">
        <WarningIcon className="size-5" />
      </div>
      <h1 className="mt-4 text-lg font-semibold text-gray-900">Something went wrong loading this page</h1>
      <p className="mt-2 text-sm/6 text-gray-600">
        This is usually temporary. Try again in a moment. If this keeps happening, check{" "}
        {/* A JSON route handler, not a page: a full load is right, and <Link> would try an RSC fetch first. */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        <a
          href="/api/health"
          className="rounded-sm font-mono text-[13px] font-medium text-indigo-600 underline underline-offset-2 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          /api/health
        </a>{" "}
        to see whether the database is reachable.
      </p>
      {digest && (
        <p className="mt-4 text-xs text-gray-500">
          Reference: <code className="rounded bg-gray-100 px-1.5 py-0.5 font-mono text-gray-700">{digest}</code>
        </p>
      )}
      <div className="mt-6 flex flex-wrap items-center gap-3">
        <button type="button" onClick={onRetry} className={buttonClasses("primary")}>
          <RefreshIcon className="size-4" />
          Try again
        </button>
        <Link href="/settings/email" className={buttonClasses("secondary")}>
          Go to email settings
        </Link>
      </div>
    </div>
  );
}

/** The digest Next.js attaches to server errors, if the thrown value has one. */
export function errorDigestOf(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string") {
    return error.digest;
  }
  return undefined;
}
