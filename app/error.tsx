"use client";

import { useEffect } from "react";
import { ErrorPanel, errorDigestOf } from "@/components/error-panel";

export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    // Errors thrown in the browser never reach the server log; the console is the only trace.
    console.error(error);
  }, [error]);

  return (
    <main id="content" className="flex min-h-dvh items-center justify-center px-4 py-16">
      <ErrorPanel digest={errorDigestOf(error)} onRetry={retry} />
    </main>
  );
}
