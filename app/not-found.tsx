import type { Metadata } from "next";
import { connection } from "next/server";
import { ButtonLink } from "@/components/button";
import { InflowaveLogo } from "@/components/inflowave-logo";

export const metadata: Metadata = {
  title: "Page not found",
};

export default async function NotFound() {
  // Rendered per request, so its scripts carry the request's CSP nonce (a prerendered page's don't).
  await connection();
  return (
    <main id="content" className="flex min-h-dvh flex-col items-center justify-center px-6 py-16">
      <div className="w-full max-w-md text-center">
        <div className="flex justify-center">
          <InflowaveLogo />
        </div>
        <p className="mt-10 text-sm font-semibold text-indigo-600">404</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight text-gray-900 sm:text-3xl">
          We couldn&rsquo;t find that page
        </h1>
        <p className="mt-3 text-sm/6 text-gray-600">
          The address may be mistyped, or the page may have moved. Your settings are still where you left them.
        </p>
        <div className="mt-8 flex justify-center">
          <ButtonLink href="/settings/email">Go to Settings → Email</ButtonLink>
        </div>
      </div>
    </main>
  );
}
