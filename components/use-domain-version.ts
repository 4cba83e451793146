"use client";

import { useState } from "react";

/**
 * The version of a sending domain a form sends back with a change: the newest one known, from the
 * page (refreshed after every change) or from the form's last answer (a save, or a refusal that
 * reported the domain as it is now), whichever the page has not caught up with yet.
 */
export function useDomainVersion(pageVersion: number): [expectedVersion: number, noteVersion: (v: number) => void] {
  const [answeredVersion, setAnsweredVersion] = useState(pageVersion);
  return [Math.max(pageVersion, answeredVersion), setAnsweredVersion];
}
