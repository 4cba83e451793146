import { formatDate, formatDateTime, formatTime } from "./format";

/** A date as a <time> element, so assistive tech and scripts get the exact instant. */
export function FormattedDate({ date, withTime = false }: { date: Date; withTime?: boolean }) {
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date)}>
      {withTime ? (
        // Wraps between date and time only, never inside "4:42 PM UTC".
        <>
          <span className="whitespace-nowrap">{formatDate(date)},</span>{" "}
          <span className="whitespace-nowrap">{formatTime(date)}</span>
        </>
      ) : (
        formatDate(date)
      )}
    </time>
  );
}
