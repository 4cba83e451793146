"use client";

// A client component only because the highlighted item follows the current path.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { BuildingIcon, EnvelopeIcon } from "./icons";

const ITEMS = [
  { href: "/settings/workspace", label: "Workspace", Icon: BuildingIcon },
  { href: "/settings/email", label: "Email", Icon: EnvelopeIcon },
] as const;

function isActive(pathname: string, href: string): boolean {
  // Sub-pages (e.g. /settings/email/new) keep their section highlighted.
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function SettingsNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings">
      <p className="mb-2 hidden px-3 text-xs font-semibold tracking-wide text-gray-500 uppercase lg:block">Settings</p>
      <ul className="-mb-px flex gap-1 overflow-x-auto lg:mb-0 lg:flex-col lg:overflow-visible">
        {ITEMS.map(({ href, label, Icon }) => {
          const active = isActive(pathname, href);
          return (
            <li key={href} className="shrink-0">
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={[
                  "group flex items-center gap-2.5 text-sm font-medium transition-colors",
                  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
                  // Narrow screens: underlined tabs. Wide screens: a vertical list of pills.
                  "border-b-2 px-3 py-3 lg:rounded-lg lg:border-b-0 lg:py-2",
                  active
                    ? "border-indigo-600 text-indigo-700 lg:bg-white lg:shadow-xs lg:ring-1 lg:ring-gray-200"
                    : "border-transparent text-gray-600 hover:border-gray-300 hover:text-gray-900 lg:hover:bg-gray-100",
                ].join(" ")}
              >
                <Icon
                  className={`size-5 shrink-0 ${active ? "text-indigo-600" : "text-gray-400 group-hover:text-gray-500"}`}
                />
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
