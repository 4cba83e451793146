"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { authClient } from "./auth-client";
import { Button } from "./button";
import { Callout } from "./callout";
import { NO_MESSAGES } from "./field-messages";
import { TextField } from "./form-field";

/** Only paths inside this app: `next` must never send a person to another site after sign-in. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/settings/email";
}

export function SignInForm({ next, demo }: { next?: string; demo?: { email: string; password: string } }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function signIn(credentials: { email: string; password: string }) {
    setError(undefined);
    setPending(true);
    const result = await authClient.signIn.email(credentials).catch(() => ({ error: { status: 0 } }));
    if (result.error) {
      setPending(false);
      setError(
        result.error.status === 429
          ? "Too many attempts. Wait a minute, then try again."
          : result.error.status === 0
            ? "Inflowave could not be reached. Check your connection and try again."
            : "That email address and password don't match an account.",
      );
      return;
    }
    router.replace(safeNext(next));
    router.refresh();
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError("Enter your email address and password.");
      return;
    }
    void signIn({ email: email.trim(), password });
  }

  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} noValidate className="space-y-5" data-testid="sign-in-form">
        <TextField
          id="sign-in-email"
          label="Email address"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          messages={NO_MESSAGES}
          required
        />
        <TextField
          id="sign-in-password"
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          messages={NO_MESSAGES}
          required
        />
        <div aria-live="polite">
          {error && (
            <Callout tone="error" title="Not signed in">
              {error}
            </Callout>
          )}
        </div>
        <Button type="submit" disabled={pending} className="w-full justify-center">
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {demo && (
        <Callout tone="info" title="Demo account">
          This install has a demo account: <span className="font-mono">{demo.email}</span> with the password{" "}
          <span className="font-mono">{demo.password}</span>.{" "}
          <button
            type="button"
            className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-600"
            onClick={() => void signIn(demo)}
            disabled={pending}
          >
            Sign in as Dana Demo
          </button>
        </Callout>
      )}
    </div>
  );
}
