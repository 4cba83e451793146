import type { ReactNode } from "react";
import { CheckCircleIcon, InfoIcon, WarningIcon, XCircleIcon } from "./icons";

export type CalloutTone = "info" | "success" | "warning" | "error" | "neutral";

const TONES: Record<CalloutTone, { box: string; icon: string; title: string; Icon: typeof InfoIcon }> = {
  info: { box: "border-indigo-200 bg-indigo-50/60", icon: "text-indigo-500", title: "text-indigo-950", Icon: InfoIcon },
  success: {
    box: "border-emerald-200 bg-emerald-50/70",
    icon: "text-emerald-600",
    title: "text-emerald-950",
    Icon: CheckCircleIcon,
  },
  warning: {
    box: "border-amber-200 bg-amber-50/70",
    icon: "text-amber-600",
    title: "text-amber-950",
    Icon: WarningIcon,
  },
  error: { box: "border-red-200 bg-red-50/70", icon: "text-red-600", title: "text-red-950", Icon: XCircleIcon },
  neutral: { box: "border-gray-200 bg-gray-50", icon: "text-gray-500", title: "text-gray-900", Icon: InfoIcon },
};

/**
 * A boxed message with an icon: a hint, a success, a warning or an error. It takes no role: a
 * caller that needs it announced puts it inside a live region (or passes role="alert"/"status").
 */
export function Callout({
  tone = "info",
  title,
  children,
  actions,
  icon,
  role,
  className = "",
  testId,
}: {
  tone?: CalloutTone;
  title?: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
  icon?: ReactNode;
  role?: "status" | "alert";
  className?: string;
  testId?: string;
}) {
  const { box, icon: iconColor, title: titleColor, Icon } = TONES[tone];
  return (
    <div role={role} data-testid={testId} className={`flex gap-3 rounded-xl border p-4 ${box} ${className}`.trim()}>
      <span className={`mt-0.5 shrink-0 ${iconColor}`}>{icon ?? <Icon className="size-5" />}</span>
      <div className="min-w-0 flex-1 text-sm/6 text-gray-700">
        {title && <p className={`font-semibold ${titleColor}`}>{title}</p>}
        {children && <div className={title ? "mt-1" : undefined}>{children}</div>}
        {actions && <div className="mt-3 flex flex-wrap items-center gap-3">{actions}</div>}
      </div>
    </div>
  );
}
