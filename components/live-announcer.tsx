"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/**
 * A polite live region and the function that speaks through it. Clearing the text first makes a
 * screen reader announce the same message twice in a row (e.g. the same error after a retry).
 */
export function useAnnouncer() {
  const [message, setMessage] = useState("");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const announce = useCallback((text: string) => {
    clearTimeout(timer.current);
    setMessage("");
    timer.current = setTimeout(() => setMessage(text), 60);
  }, []);
  const region = (
    <div aria-live="polite" aria-atomic="true" role="status" className="sr-only">
      {message}
    </div>
  );
  return { announce, region };
}
