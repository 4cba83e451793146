import Link from "next/link";
import type { ReactNode } from "react";
import { Avatar } from "./avatar";
import { initialsOf } from "./format";
import { InflowaveLogo } from "./inflowave-logo";
import { SettingsNav } from "./settings-nav";
import { SignOutButton } from "./sign-out-button";

export interface AppShellProps {
  workspaceName: string;
  user: { name: string; email: string };
  children: ReactNode;
}

/** The frame around every settings page: top bar, settings navigation and the main landmark. */
export function AppShell({ workspaceName, user, children }: AppShellProps) {
  return (
    <div className="min-h-dvh bg-gray-50">
      <a
        href="#content"
        className="sr-only focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 focus:rounded-lg focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-semibold focus:text-indigo-700 focus:shadow-lg focus:ring-2 focus:ring-indigo-600"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-40 border-b border-gray-200 bg-white/95 backdrop-blur supports-backdrop-filter:bg-white/80">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4 sm:px-6 lg:px-8">
          <Link
            href="/settings/email"
            className="shrink-0 rounded-md focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-indigo-600"
          >
            <InflowaveLogo />
          </Link>
          <span aria-hidden="true" className="text-lg font-light text-gray-300">
            /
          </span>
          <div className="flex min-w-0 items-center gap-2">
            <span
              aria-hidden="true"
              className="flex size-6 shrink-0 items-center justify-center rounded-md bg-gray-900 text-[11px] font-semibold text-white"
            >
              {initialsOf(workspaceName).charAt(0)}
            </span>
            <span className="truncate text-sm font-medium text-gray-900">
              <span className="sr-only">Workspace: </span>
              {workspaceName}
            </span>
          </div>
          <div className="ml-auto flex min-w-0 items-center gap-3">
            <div className="hidden min-w-0 text-right sm:block">
              <div className="truncate text-sm font-medium text-gray-900">{user.name}</div>
              <div className="truncate text-xs text-gray-500">{user.email}</div>
            </div>
            {/* On narrow screens the initials are all that shows, so they carry the name. */}
            <span className="sm:hidden">
              <span className="sr-only">Signed in as {user.name}</span>
            </span>
            <Avatar name={user.name} />
            <SignOutButton />
          </div>
        </div>
      </header>
      <div className="mx-auto max-w-7xl lg:flex lg:gap-10 lg:px-8">
        <aside className="border-b border-gray-200 bg-white px-4 sm:px-6 lg:w-56 lg:shrink-0 lg:border-b-0 lg:bg-transparent lg:px-0 lg:py-10">
          <SettingsNav />
        </aside>
        <main id="content" tabIndex={-1} className="min-w-0 flex-1 px-4 py-8 outline-none sm:px-6 lg:px-0 lg:py-10">
          {children}
        </main>
      </div>
    </div>
  );
}
