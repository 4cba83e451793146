import { Callout } from "./callout";

/** What a member sees where owners and admins see a form. */
export function ManagersOnlyNotice({ what }: { what: string }) {
  return (
    <Callout tone="neutral" title="Owners and admins only">
      Only the workspace&apos;s owners and admins can {what}. You can see the status and send test emails.
    </Callout>
  );
}
