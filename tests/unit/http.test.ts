import { describe, expect, it } from "vitest";
import { requireViewer } from "../../app/lib/http.server";
import type { Viewer } from "../../app/policy";

describe("requireViewer", () => {
  it("sends signed-out people to sign-in and back to the same path and query", () => {
    let thrown: unknown;
    try {
      requireViewer(new Request("http://x.test/mod/log?actor=5"), null);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(302);
    expect((thrown as Response).headers.get("Location")).toBe("/login?redirectTo=%2Fmod%2Flog%3Factor%3D5");
  });
  it("lets signed-in people through", () => {
    const v = { id: "1", memberships: [] } as unknown as Viewer;
    expect(() => requireViewer(new Request("http://x.test/settings"), v)).not.toThrow();
  });
});
