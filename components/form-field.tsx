import type { ComponentProps, ReactNode } from "react";
import { ExternalLink } from "./external-link";
import { describedBy, type FieldMessages, type ShownMessage } from "./field-messages";
import { InfoIcon, WarningIcon, XCircleIcon } from "./icons";

export function inputClasses(invalid: boolean, extra = ""): string {
  const state = invalid
    ? "text-red-950 outline-red-400 focus:outline-red-600"
    : "text-gray-900 outline-gray-300 focus:outline-indigo-600";
  return [
    "block w-full rounded-lg bg-white px-3 py-2 text-sm shadow-xs outline-1 -outline-offset-1 placeholder:text-gray-400",
    "focus:outline-2 focus:-outline-offset-2 disabled:cursor-not-allowed disabled:bg-gray-50 disabled:text-gray-500",
    state,
    extra,
  ].join(" ");
}

export function FieldLabel({
  htmlFor,
  children,
  optional,
}: {
  htmlFor: string;
  children: ReactNode;
  optional?: boolean;
}) {
  return (
    <label htmlFor={htmlFor} className="block text-sm font-medium text-gray-900">
      {children}
      {optional && <span className="ml-1.5 font-normal text-gray-500">(optional)</span>}
    </label>
  );
}

/**
 * A field's errors and notes, with the ids its input's aria-describedby points at. An offer (e.g.
 * "derive the SMTP password") is rendered by the caller, right under the message it belongs to.
 */
export function FieldMessageList({
  id,
  messages,
  renderOffer,
}: {
  id: string;
  messages: FieldMessages;
  renderOffer?: (message: ShownMessage) => ReactNode;
}) {
  return (
    <>
      {messages.errors.length > 0 && (
        <div id={`${id}-errors`} className="mt-2 space-y-2">
          {messages.errors.map((message) => (
            <Message key={message.key} message={message} renderOffer={renderOffer} />
          ))}
        </div>
      )}
      {messages.notes.length > 0 && (
        <div id={`${id}-notes`} className="mt-2 space-y-2">
          {messages.notes.map((message) => (
            <Message key={message.key} message={message} renderOffer={renderOffer} />
          ))}
        </div>
      )}
    </>
  );
}

const SEVERITY_STYLE = {
  error: { text: "text-red-700", Icon: XCircleIcon, icon: "text-red-500", label: "Error: " },
  warning: { text: "text-amber-800", Icon: WarningIcon, icon: "text-amber-500", label: "Warning: " },
  info: { text: "text-gray-600", Icon: InfoIcon, icon: "text-gray-400", label: "Note: " },
} as const;

function Message({
  message,
  renderOffer,
}: {
  message: ShownMessage;
  renderOffer?: (message: ShownMessage) => ReactNode;
}) {
  const style = SEVERITY_STYLE[message.severity];
  return (
    <div className={`flex gap-2 text-sm ${style.text}`}>
      <style.Icon className={`mt-0.5 size-4 shrink-0 ${style.icon}`} />
      <div className="min-w-0 flex-1">
        <p>
          <span className="sr-only">{style.label}</span>
          {message.message}
        </p>
        {message.fix && <p className="mt-1 text-gray-600">{message.fix}</p>}
        {message.learnMore && (
          <p className="mt-1">
            <ExternalLink href={message.learnMore.url}>{message.learnMore.title}</ExternalLink>
          </p>
        )}
        {message.offer && renderOffer?.(message)}
      </div>
    </div>
  );
}

/** A labelled text input with its hint, errors and notes tied to it. */
export function TextField({
  id,
  label,
  hint,
  messages,
  trailing,
  optional,
  className = "",
  inputClassName = "",
  renderOffer,
  ...input
}: Omit<ComponentProps<"input">, "id"> & {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  messages: FieldMessages;
  /** Rendered inside the input's right edge, e.g. a show/hide button. */
  trailing?: ReactNode;
  optional?: boolean;
  inputClassName?: string;
  renderOffer?: (message: ShownMessage) => ReactNode;
}) {
  const invalid = messages.errors.length > 0;
  return (
    <div className={className}>
      <FieldLabel htmlFor={id} optional={optional}>
        {label}
      </FieldLabel>
      <div className="relative mt-2">
        <input
          id={id}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy(id, messages, hint !== undefined)}
          className={inputClasses(invalid, `${trailing ? "pr-11" : ""} ${inputClassName}`)}
          {...input}
        />
        {trailing && <div className="absolute inset-y-0 right-0 flex items-center pr-1.5">{trailing}</div>}
      </div>
      <FieldMessageList id={id} messages={messages} renderOffer={renderOffer} />
      {hint && (
        <p id={`${id}-hint`} className="mt-2 text-sm text-gray-500">
          {hint}
        </p>
      )}
    </div>
  );
}
