import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

// The mark as a data URI: the browser gets a favicon without a request (and without a 404 for /favicon.ico).
const FAVICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#4f46e5"/><path d="M6 21c2.5 0 2.5-3.5 5-3.5s2.5 3.5 5 3.5 2.5-3.5 5-3.5 2.5 3.5 5 3.5" fill="none" stroke="#fff" stroke-width="2.5" stroke-linecap="round"/><path d="M6 13.5c2.5 0 2.5-3.5 5-3.5s2.5 3.5 5 3.5 2.5-3.5 5-3.5 2.5 3.5 5 3.5" fill="none" stroke="#fff" stroke-opacity=".55" stroke-width="2.5" stroke-linecap="round"/></svg>`,
  );

export const metadata: Metadata = {
  title: { template: "%s · Inflowave", default: "Inflowave" },
  description: "Inflowave settings: connect your own Amazon SES account to send your workspace's email.",
  icons: { icon: FAVICON },
};

export const viewport: Viewport = {
  themeColor: "#ffffff",
  colorScheme: "light",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh bg-gray-50 font-sans text-gray-900 antialiased">{children}</body>
    </html>
  );
}
