import { SMTP_PORTS, tlsModeForPort, type TlsMode } from "@/lib/ses/ports";
import { Badge } from "./badge";
import { describedBy, type FieldMessages } from "./field-messages";
import { FieldMessageList } from "./form-field";
import { CheckIcon, LockIcon } from "./icons";

export const TLS_MODE_LABEL: Record<TlsMode, string> = {
  starttls: "STARTTLS",
  implicit: "TLS",
};

/**
 * The SES SMTP ports as a radio group. The TLS mode is shown with each port and follows from it:
 * it is never a separate choice, so the classic "TLS on 587" mix-up cannot happen.
 */
export function SmtpPortPicker({
  id,
  value,
  onChange,
  messages,
}: {
  id: string;
  value: number;
  onChange: (port: number) => void;
  messages: FieldMessages;
}) {
  const tlsMode = tlsModeForPort(value);
  const invalid = messages.errors.length > 0;
  return (
    <div>
      <fieldset>
        <legend id={`${id}-legend`} className="text-sm font-medium text-gray-900">
          Port
        </legend>
        <div
          role="radiogroup"
          aria-labelledby={`${id}-legend`}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy(id, messages, true)}
          className="mt-2 grid gap-2 sm:grid-cols-2"
        >
          {SMTP_PORTS.map((option) => {
            const checked = option.port === value;
            return (
              <label
                key={option.port}
                className={[
                  "relative flex cursor-pointer gap-3 rounded-lg border bg-white px-3 py-2.5 transition-colors",
                  "has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600",
                  checked
                    ? "border-indigo-600 ring-1 ring-indigo-600"
                    : "border-gray-200 hover:border-gray-300 hover:bg-gray-50",
                ].join(" ")}
              >
                <input
                  type="radio"
                  name={id}
                  value={option.port}
                  checked={checked}
                  aria-describedby={`${id}-${option.port}-description`}
                  onChange={() => onChange(option.port)}
                  className="absolute inset-0 z-10 size-full cursor-pointer appearance-none rounded-lg opacity-0 disabled:cursor-not-allowed"
                />
                <span className="min-w-0 flex-1">
                  <span className="flex flex-wrap items-center gap-2">
                    <span className="font-mono text-sm font-semibold text-gray-900">{option.port}</span>
                    <Badge tone={option.tlsMode === "implicit" ? "indigo" : "gray"}>
                      {TLS_MODE_LABEL[option.tlsMode]}
                    </Badge>
                    {option.recommended && <Badge tone="green">Recommended</Badge>}
                    {option.warning && <Badge tone="amber">Often blocked</Badge>}
                  </span>
                  <span id={`${id}-${option.port}-description`} className="mt-1 block text-xs/5 text-gray-600">
                    {option.description}
                  </span>
                </span>
                {checked && (
                  <span
                    aria-hidden="true"
                    className="flex size-5 shrink-0 items-center justify-center rounded-full bg-indigo-600 text-white"
                  >
                    <CheckIcon className="size-3.5" strokeWidth={3} />
                  </span>
                )}
              </label>
            );
          })}
        </div>
      </fieldset>
      <p id={`${id}-hint`} className="mt-3 flex gap-2 rounded-lg bg-gray-50 px-3 py-2.5 text-sm text-gray-600">
        <LockIcon className="mt-0.5 size-4 shrink-0 text-gray-400" />
        <span>
          Encryption:{" "}
          <strong className="font-semibold text-gray-900">
            {tlsMode === "implicit" ? "TLS from the first byte" : tlsMode === "starttls" ? "STARTTLS" : "—"}
          </strong>
          , set by the port. SES upgrades the connection with STARTTLS on 587, 2587 and 25, and speaks TLS from the
          start on 465 and 2465, so there is nothing to match up by hand.
        </span>
      </p>
      <FieldMessageList id={id} messages={messages} />
    </div>
  );
}
