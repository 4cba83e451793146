import path from "node:path";
import { describe, expect, it } from "vitest";
import { explainDatabaseError } from "@/lib/db/health";
import {
  databaseKindOf,
  DatabaseUrlError,
  describeDatabaseUrl,
  pgliteDirOf,
  resolveDataDir,
  resolveDatabaseUrl,
} from "@/lib/db/url";

describe("resolveDatabaseUrl", () => {
  it("defaults to embedded PGlite inside the data folder", () => {
    expect(resolveDatabaseUrl({})).toBe(`pglite:${path.resolve(".data", "pglite")}`);
    expect(resolveDatabaseUrl({ INFLOWAVE_DATA_DIR: "/srv/inflowave" })).toBe("pglite:/srv/inflowave/pglite");
    expect(resolveDataDir({})).toBe(path.resolve(".data"));
  });

  it("uses DATABASE_URL when it is set (and not blank)", () => {
    expect(resolveDatabaseUrl({ DATABASE_URL: " postgresql://u@db:5432/app " })).toBe("postgresql://u@db:5432/app");
    expect(resolveDatabaseUrl({ DATABASE_URL: "  " })).toMatch(/^pglite:/);
  });
});

describe("databaseKindOf / pgliteDirOf", () => {
  it("tells servers from embedded folders", () => {
    expect(databaseKindOf("postgresql://x")).toBe("postgresql");
    expect(databaseKindOf("postgres://x")).toBe("postgresql");
    expect(databaseKindOf("pglite:./db")).toBe("pglite");
    expect(pgliteDirOf("pglite:./db")).toBe(path.resolve("db"));
    expect(pgliteDirOf("pglite:memory")).toBeUndefined();
    expect(pgliteDirOf("pglite://")).toBeUndefined();
  });

  it("rejects other schemes with a message that names the two accepted ones", () => {
    expect(() => databaseKindOf("mysql://root@localhost/app")).toThrow(DatabaseUrlError);
    expect(() => databaseKindOf("mysql://root@localhost/app")).toThrow(
      /postgresql:\/\/.*pglite:.*starts with "mysql:"/,
    );
  });
});

describe("describeDatabaseUrl", () => {
  it("never includes the password or query string", () => {
    const text = describeDatabaseUrl(
      "postgresql://app:s3cr3t-pw@db.internal:6543/inflowave?sslmode=require&password=x",
    );
    expect(text).toBe('PostgreSQL database "inflowave" at db.internal:6543');
    expect(describeDatabaseUrl("pglite:memory")).toBe("PGlite at memory");
    expect(describeDatabaseUrl("nonsense")).toBe("an unreadable DATABASE_URL");
  });
});

describe("explainDatabaseError", () => {
  it.each([
    [new Error('relation "Workspace" does not exist'), /migrations have not been applied/],
    [Object.assign(new Error('database "x" does not exist'), { code: "3D000" }), /does not exist on the server/],
    [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }), /cannot be reached/],
    [new Error("wrapper", { cause: Object.assign(new Error("boom"), { code: "ECONNREFUSED" }) }), /cannot be reached/],
    [new Error('password authentication failed for user "app"'), /refused the user or password/],
    [new Error("something else"), /unexpected error/],
  ])("explains %s", (error, problem) => {
    expect(explainDatabaseError(error).problem).toMatch(problem);
  });
});
