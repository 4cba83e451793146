import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { Secret } from "@/lib/crypto/secret";
import { createLogger } from "@/lib/log";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, log: createLogger({ level: "info", destination }) };
}

describe("logger", () => {
  it("masks secret-named fields and Secret values", () => {
    const { lines, log } = capture();
    log.info(
      {
        password: "plain-pw-1",
        credential: { smtpPassword: "plain-pw-2", secretAccessKey: "plain-pw-3", username: "AKIAEXAMPLE" },
        secret: new Secret("plain-pw-4"),
      },
      "saved",
    );
    const output = lines.join("");
    for (const leaked of ["plain-pw-1", "plain-pw-2", "plain-pw-3", "plain-pw-4"]) expect(output).not.toContain(leaked);
    expect(JSON.parse(output)).toMatchObject({ msg: "saved", credential: { username: "AKIAEXAMPLE" } });
  });
});
