import { Button } from "./button";
import { PaperAirplaneIcon, SpinnerIcon } from "./icons";

/** The submit button that starts a test send, and Stop while one runs. Used by every test form. */
export function TestSendButtons({
  running,
  label,
  runningLabel,
  onStop,
  disabled = false,
  variant = "primary",
}: {
  running: boolean;
  label: string;
  runningLabel: string;
  onStop: () => void;
  disabled?: boolean;
  variant?: "primary" | "secondary";
}) {
  return (
    <div className="flex gap-2 sm:mt-7">
      <Button type="submit" variant={variant} disabled={running || disabled}>
        {running ? <SpinnerIcon className="size-4" /> : <PaperAirplaneIcon className="size-4" />}
        {running ? runningLabel : label}
      </Button>
      {running && (
        <Button variant="secondary" onClick={onStop}>
          Stop
        </Button>
      )}
    </div>
  );
}
