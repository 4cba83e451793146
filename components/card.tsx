import type { ReactNode } from "react";

export function Card({
  children,
  className = "",
  ...rest
}: { children: ReactNode; className?: string } & { "data-testid"?: string }) {
  return (
    <div
      {...rest}
      className={`overflow-hidden rounded-xl border border-gray-200 bg-white shadow-xs ${className}`.trim()}
    >
      {children}
    </div>
  );
}
