import { describe, expect, it } from "vitest";
import { sesRegionName, sesRegionPlace } from "@/lib/ses/regions";

describe("SES region names", () => {
  it("names the regions and their places, and nothing for unknown codes", () => {
    expect(sesRegionName("eu-west-1")).toBe("Europe (Ireland)");
    expect(sesRegionPlace("us-east-1")).toBe("N. Virginia");
    expect(sesRegionPlace("us-gov-west-1")).toBe("US-West");
    expect(sesRegionName("mars-north-1")).toBeUndefined();
    expect(sesRegionPlace("mars-north-1")).toBeUndefined();
  });
});
