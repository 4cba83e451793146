import type { ReactNode } from "react";
import { ExternalLinkIcon } from "./icons";

/** A link to another site, opened in a new tab and announced as such. */
export function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noreferrer"
      className="rounded-sm font-medium text-indigo-600 underline-offset-2 hover:text-indigo-500 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
    >
      {children}
      <ExternalLinkIcon className="ml-1 inline-block size-3.5 align-[-0.125em]" />
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}

/** The official pages for a problem, in a row that wraps (a column on narrow screens). */
export function DocLinkList({
  links,
  className = "",
}: {
  links: readonly { title: string; url: string }[];
  className?: string;
}) {
  return (
    <ul className={`flex flex-col gap-1.5 sm:flex-row sm:flex-wrap sm:gap-x-5 ${className}`}>
      {links.map((link) => (
        <li key={link.url + link.title}>
          <ExternalLink href={link.url}>{link.title}</ExternalLink>
        </li>
      ))}
    </ul>
  );
}
