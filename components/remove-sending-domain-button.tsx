"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { removeSendingDomainAction } from "@/app/settings/email/actions";
import { Button } from "./button";
import { ConfirmDialog } from "./confirm-dialog";
import { TrashIcon } from "./icons";
import { useDomainVersion } from "./use-domain-version";

/**
 * Removes a sending domain after a confirmation dialog, then returns to the Email page. A domain
 * someone changed since the page loaded is not removed: the dialog says who changed what, and
 * the page refreshes so the person can review it first.
 */
export function RemoveSendingDomainButton({
  sendingDomainId,
  domain,
  domainVersion,
}: {
  sendingDomainId: string;
  domain: string;
  /** The domain's version this page shows; a removal is refused once the domain has moved past it. */
  domainVersion: number;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [expectedVersion, noteVersion] = useDomainVersion(domainVersion);
  const [pending, startTransition] = useTransition();
  const [leaving, setLeaving] = useState(false);

  function remove() {
    setError(undefined);
    startTransition(async () => {
      try {
        const result = await removeSendingDomainAction({ sendingDomainId, expectedVersion });
        if (result.ok) {
          setLeaving(true);
          router.push("/settings/email?removed=1");
          return;
        }
        setError(result.formError ?? "The domain could not be removed. Try again in a moment.");
        if (result.conflict) {
          noteVersion(result.conflict.version);
          router.refresh();
        }
      } catch {
        setError("Inflowave could not be reached. Check your connection and try again.");
      }
    });
  }

  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        <TrashIcon className="size-4" />
        Remove domain
      </Button>
      <ConfirmDialog
        open={open}
        tone="danger"
        title={`Remove ${domain}?`}
        confirmLabel="Remove domain"
        pendingLabel="Removing…"
        pending={pending || leaving}
        error={error}
        onConfirm={remove}
        onCancel={() => {
          setOpen(false);
          setError(undefined);
        }}
      >
        <p>
          Inflowave deletes the stored SMTP credentials and the test history of {domain}. The activity log keeps a
          record of the removal.
        </p>
        <p>
          Nothing changes in your AWS account: the SES identity and the SMTP credentials stay there until you delete
          them in the AWS console.
        </p>
      </ConfirmDialog>
    </>
  );
}
