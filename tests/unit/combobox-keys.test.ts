import { describe, expect, it } from "vitest";
import { comboKey, type ComboView } from "../../app/lib/ui/use-combobox";

// The shared combobox's keys (WAI-ARIA APG, list autocomplete), used by the header's search box
// and tag entry: what each key does for a given list state.
const view = (v: Partial<ComboView> = {}): ComboView => ({ open: true, active: -1, count: 3, escapeClears: false, hasValue: true, ...v });

describe("combobox keys", () => {
  it("Down and Up open a closed list on the first and the last option", () => {
    expect(comboKey("ArrowDown", view({ open: false, active: 2 }))).toEqual({ kind: "move", active: 0 });
    expect(comboKey("ArrowUp", view({ open: false, active: 0 }))).toEqual({ kind: "move", active: 2 });
    // An open list with no active option starts at the ends too.
    expect(comboKey("ArrowDown", view())).toEqual({ kind: "move", active: 0 });
    expect(comboKey("ArrowUp", view())).toEqual({ kind: "move", active: 2 });
  });

  it("Down and Up move through an open list and wrap around", () => {
    expect(comboKey("ArrowDown", view({ active: 0 }))).toEqual({ kind: "move", active: 1 });
    expect(comboKey("ArrowDown", view({ active: 2 }))).toEqual({ kind: "move", active: 0 });
    expect(comboKey("ArrowUp", view({ active: 1 }))).toEqual({ kind: "move", active: 0 });
    expect(comboKey("ArrowUp", view({ active: 0 }))).toEqual({ kind: "move", active: 2 });
    expect(comboKey("ArrowDown", view({ active: 0, count: 1 }))).toEqual({ kind: "move", active: 0 });
  });

  it("arrows with no options are the browser's", () => {
    expect(comboKey("ArrowDown", view({ count: 0, open: false }))).toEqual({ kind: "ignore" });
    expect(comboKey("ArrowUp", view({ count: 0, open: false }))).toEqual({ kind: "ignore" });
  });

  it("Enter takes the active option, and otherwise submits the form as usual", () => {
    expect(comboKey("Enter", view({ active: 1 }))).toEqual({ kind: "choose", index: 1 });
    expect(comboKey("Enter", view())).toEqual({ kind: "ignore" });
    expect(comboKey("Enter", view({ open: false, active: 1 }))).toEqual({ kind: "ignore" });
    expect(comboKey("Enter", view({ active: 5 }))).toEqual({ kind: "ignore" });
  });

  it("Escape closes an open list; on a closed one it clears the box only where asked and only if there is text", () => {
    expect(comboKey("Escape", view({ active: 1 }))).toEqual({ kind: "close" });
    expect(comboKey("Escape", view({ escapeClears: true }))).toEqual({ kind: "close" });
    expect(comboKey("Escape", view({ open: false }))).toEqual({ kind: "ignore" });
    expect(comboKey("Escape", view({ open: false, escapeClears: true }))).toEqual({ kind: "clear" });
    expect(comboKey("Escape", view({ open: false, escapeClears: true, hasValue: false }))).toEqual({ kind: "ignore" });
  });

  it("Home and End move the caret and give the visual focus back to the box", () => {
    expect(comboKey("Home", view({ active: 1 }))).toEqual({ kind: "caret" });
    expect(comboKey("End", view({ active: 0 }))).toEqual({ kind: "caret" });
    expect(comboKey("Home", view())).toEqual({ kind: "ignore" });
    expect(comboKey("End", view({ open: false, active: 1 }))).toEqual({ kind: "ignore" });
  });

  it("other keys are typing", () => {
    for (const k of ["a", "Tab", "ArrowLeft", " ", "Backspace"]) expect(comboKey(k, view({ active: 1 }))).toEqual({ kind: "ignore" });
  });
});
