import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, auditActionKey, auditActionLabel, readableAction } from "../../app/moderation/audit-actions";
import { createI18n } from "../../app/lib/i18n/i18n";

// Issue 16 item 7: the audit log names actions in words, in Swedish and English. recordAudit only
// takes an AuditAction (the typecheck makes every written action part of AUDIT_ACTIONS); this
// test makes every one of those translated, and catches actions written to audit_log by hand.

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []);
}

describe("audit action names", () => {
  for (const lng of ["sv", "en"] as const) {
    it(`every action the code can write has a ${lng} name`, () => {
      const i18n = createI18n(lng);
      const missing = AUDIT_ACTIONS.filter((a) => {
        const key = auditActionKey(a);
        if (!key) return true;
        const label = i18n.t(key);
        return !label || label === key || label.includes(".") || label === a;
      });
      expect(missing).toEqual([]);
    });
  }

  it("the two languages differ (the English names are not the Swedish ones copied)", () => {
    const sv = createI18n("sv");
    const en = createI18n("en");
    const same = AUDIT_ACTIONS.filter((a) => sv.t(auditActionKey(a)!) === en.t(auditActionKey(a)!));
    expect(same).toEqual([]);
  });

  it("an unknown action falls back to words, never the raw code", () => {
    expect(auditActionKey("case.frobnicate_all")).toBeNull();
    expect(readableAction("case.frobnicate_all")).toBe("Case: frobnicate all");
    expect(auditActionLabel((k) => k, "post.flag")).toBe("modtools:audit.content.flag");
    expect(auditActionLabel((k) => k, "widget.spun")).toBe("Widget: spun");
    expect(readableAction("")).toBe("—");
  });

  it("actions written to audit_log without recordAudit (seed, scripts) are registered too", () => {
    // Anything that inserts into audit_log by hand bypasses the type: its literal actions must be listed.
    const roots = ["app", "db", "scripts", "search"].map((d) => path.resolve(import.meta.dirname, "../..", d));
    const found: string[] = [];
    for (const f of roots.flatMap(filesUnder)) {
      const src = readFileSync(f, "utf8");
      for (const m of src.matchAll(/insertInto\(\s*"audit_log"\s*\)[\s\S]{0,400}?action:\s*(["`])([^"`]+)\1/g)) {
        const raw = m[2];
        const names = raw.includes("${") ? ["thread", "post", "case"].map((type) => raw.replace(/\$\{[^}]+\}/, type)) : [raw];
        found.push(...names.map((n) => `${path.relative(path.resolve(import.meta.dirname, "../.."), f)}: ${n}`));
      }
    }
    expect(found.length).toBeGreaterThan(0); // the seed writes some: the scan can see them
    const unknown = found.filter((x) => !AUDIT_ACTIONS.includes(x.split(": ")[1] as never));
    expect(unknown).toEqual([]);
  });
});
