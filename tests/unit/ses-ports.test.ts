import { describe, expect, it } from "vitest";
import {
  DEFAULT_SMTP_PORT,
  findSmtpPort,
  isSesSmtpPort,
  listSesSmtpPorts,
  SMTP_PORTS,
  tlsModeForPort,
} from "@/lib/ses/ports";

describe("SES SMTP ports", () => {
  it.each([
    [25, "starttls"],
    [587, "starttls"],
    [2587, "starttls"],
    [465, "implicit"],
    [2465, "implicit"],
  ] as const)("port %i uses %s", (port, tlsMode) => {
    expect(tlsModeForPort(port)).toBe(tlsMode);
    expect(isSesSmtpPort(port)).toBe(true);
    expect(findSmtpPort(port)?.label).toContain(String(port));
    expect(findSmtpPort(port)?.description).toBeTruthy();
  });

  it.each([0, 24, 443, 2525, 8025, 465.5, Number.NaN])("port %s is not an SES port", (port) => {
    expect(tlsModeForPort(port)).toBeUndefined();
    expect(isSesSmtpPort(port)).toBe(false);
  });

  it("recommends 587 as the default and lists it first", () => {
    expect(DEFAULT_SMTP_PORT).toBe(587);
    expect(SMTP_PORTS[0]?.port).toBe(587);
    expect(SMTP_PORTS.filter((option) => option.recommended).map((option) => option.port)).toEqual([587]);
  });

  it("warns about port 25 only", () => {
    expect(SMTP_PORTS.filter((option) => option.warning).map((option) => option.port)).toEqual([25]);
    expect(findSmtpPort(25)?.warning).toMatch(/587 or 2587/);
  });

  it("names every port in messages", () => {
    expect(listSesSmtpPorts()).toBe("587 (recommended), 2587, 465, 2465 and 25");
  });
});
