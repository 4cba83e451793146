/** The Inflowave mark and wordmark, drawn inline so no asset has to load before the header renders. */
export function InflowaveMark({ className = "size-7" }: { className?: string }) {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 32 32" className={className}>
      <rect width="32" height="32" rx="8" className="fill-indigo-600" />
      <path
        d="M6 13.5c2.5 0 2.5-3.5 5-3.5s2.5 3.5 5 3.5 2.5-3.5 5-3.5 2.5 3.5 5 3.5"
        fill="none"
        stroke="white"
        strokeOpacity="0.55"
        strokeWidth="2.25"
        strokeLinecap="round"
      />
      <path
        d="M6 21c2.5 0 2.5-3.5 5-3.5s2.5 3.5 5 3.5 2.5-3.5 5-3.5 2.5 3.5 5 3.5"
        fill="none"
        stroke="white"
        strokeWidth="2.25"
        strokeLinecap="round"
      />
    </svg>
  );
}

export function InflowaveLogo() {
  return (
    <span className="flex items-center gap-2">
      <InflowaveMark />
      <span className="text-[15px] font-semibold tracking-tight text-gray-900">Inflowave</span>
    </span>
  );
}
