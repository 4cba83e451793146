"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { removeSendingDomainAction } from "@/app/settings/email/actions";
import { Button } from "./button";
import { ConfirmDialog } from "./confirm-dialog";
import { TrashIcon } from "./icons";

/** Removes a sending domain after a confirmation dialog, then returns to the Email page. */
export function RemoveSendingDomainButton({ sendingDomainId, domain }: { sendingDomainId: string; domain: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const [leaving, setLeaving] = useState(false);

  function remove() {
    setError(undefined);
    startTransition(async () => {
      try {
        const result = await removeSendingDomainAction(sendingDomainId);
        if (result.ok) {
          setLeaving(true);
          router.push("/settings/email?removed=1");
          return;
        }
        setError(result.formError ?? "The domain could not be removed. Try again in a moment.");
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
