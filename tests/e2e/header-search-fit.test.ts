import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { appUrl, signIn, useBrowser } from "../support/browser";

// Issue #16: the header search box shows its whole placeholder at every common width, in
// Swedish and English, signed out and with the widest header there is (the network admin in
// demo mode: mailbox, bell, name, settings, sign out and the longest navigation).
const browser = useBrowser();
const WIDTHS = [390, 1024, 1280, 1366, 1920];
const ADMIN = "karin.lindqvist@regiongavleborg.se";

/**
 * How the placeholder fits, measured as Chromium draws it: the placeholder typed in as the value
 * must not scroll (the inner editor is the placeholder's box, and it leaves room for the clear
 * button), and the text measured in the input's font must fit its content box.
 */
const fit = (page: Page) =>
  page.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>("#site-search")!;
    const cs = getComputedStyle(input);
    const ctx = document.createElement("canvas").getContext("2d")!;
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const content = input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    const before = input.value;
    input.value = input.placeholder;
    const scroll = input.scrollWidth;
    input.value = before;
    return {
      placeholder: input.placeholder, text: ctx.measureText(input.placeholder).width, content, scroll, client: input.clientWidth,
      pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
      navOverflow: (() => { const ul = document.querySelector<HTMLElement>(".main-nav ul")!; return ul.scrollWidth - ul.clientWidth; })(),
    };
  });

describe("the header search placeholder", () => {
  for (const [locale, placeholder] of [["sv-SE", "Sök trådar och fallstudier"], ["en-GB", "Search threads and cases"]] as const) {
    for (const who of [null, ADMIN]) {
      it(`is whole at ${WIDTHS.join(", ")} px (${locale}, ${who ? "network admin" : "signed out"})`, async () => {
        const { page } = await browser.open({ locale });
        if (who) await signIn(page, who);
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
          await page.goto(appUrl("/"));
          const m = await fit(page);
          const at = `${locale} at ${width} px: ${JSON.stringify(m)}`;
          expect(m.placeholder, at).toBe(placeholder);
          expect(m.scroll, at).toBeLessThanOrEqual(m.client);
          expect(m.text, at).toBeLessThanOrEqual(m.content);
          expect(m.pageOverflow, at).toBeLessThanOrEqual(0);
          // From 1280 px the navigation fits too (at 1024 the admin's list scrolls inside the header).
          if (width >= 1280) expect(m.navOverflow, at).toBeLessThanOrEqual(0);
          // The label stays whole for screen readers.
          expect(await page.getByRole("combobox", { name: locale === "sv-SE" ? "Sök i Allmänning" : "Search Allmänning" }).count(), at).toBe(1);
        }
      });
    }
  }
});
