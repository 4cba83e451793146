"use client";

import { useEffect } from "react";
import { ErrorPanel, errorDigestOf } from "@/components/error-panel";
import "./globals.css";

// Replaces the root layout when that layout itself fails, so it brings its own document and styles.
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <html lang="en">
      <body className="min-h-dvh bg-gray-50 font-sans text-gray-900 antialiased">
        <title>Something went wrong · Inflowave</title>
        <main id="content" className="flex min-h-dvh items-center justify-center px-4 py-16">
          <ErrorPanel digest={errorDigestOf(error)} onRetry={retry} />
        </main>
      </body>
    </html>
  );
}
