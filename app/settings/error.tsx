"use client";

import { useEffect } from "react";
import { ErrorPanel, errorDigestOf } from "@/components/error-panel";

// Renders inside the settings shell, so a failing page keeps its navigation.
export default function SettingsError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div className="py-6">
      <ErrorPanel digest={errorDigestOf(error)} onRetry={retry} />
    </div>
  );
}
