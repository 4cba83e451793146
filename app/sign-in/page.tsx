import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { InflowaveLogo } from "@/components/inflowave-logo";
import { SignInForm } from "@/components/sign-in-form";
import { resolveSessionContext } from "@/lib/auth/session";
import { getRuntime } from "@/lib/runtime";
import { DEMO_ACCOUNT, demoAccountEnabled, ensureDemoAccount } from "@/lib/workspace/context";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const [query, requestHeaders] = await Promise.all([searchParams, headers()]);
  const runtime = getRuntime();
  const next = typeof query.next === "string" ? query.next : undefined;
  if (await resolveSessionContext(runtime.db.prisma, runtime.auth(), requestHeaders)) {
    redirect(next && next.startsWith("/") && !next.startsWith("//") ? next : "/settings/email");
  }
  // Signing in needs the database: without it, say so now (the error page) rather than after the form.
  await runtime.db.prisma.$queryRaw`SELECT 1`;
  const demo = demoAccountEnabled();
  if (demo) await ensureDemoAccount(runtime.db.prisma);
  return (
    <main className="flex min-h-dvh items-center justify-center bg-gray-50 px-4 py-12">
      <div className="w-full max-w-sm">
        <InflowaveLogo />
        <h1 className="mt-8 text-xl font-semibold text-gray-900">Sign in to Inflowave</h1>
        <p className="mt-1 text-sm text-gray-600">Your workspace&apos;s email settings are one step away.</p>
        <div className="mt-8 rounded-xl border border-gray-200 bg-white p-6 shadow-xs">
          <SignInForm
            next={next}
            demo={demo ? { email: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password } : undefined}
          />
        </div>
      </div>
    </main>
  );
}
