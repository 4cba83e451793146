import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell";
import { getRequestContext } from "./_data";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const { ctx } = await getRequestContext();
  return (
    <AppShell workspaceName={ctx.workspace.name} user={{ name: ctx.user.name, email: ctx.user.email }}>
      {children}
    </AppShell>
  );
}
