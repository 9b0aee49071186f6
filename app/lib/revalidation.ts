import type { ShouldRevalidateFunction } from "@remix-run/react";

/**
 * The live Markdown preview posts to /api/preview. Remix reloads every loader on the page after
 * any action, a fetcher's too; the preview changes nothing, so that reload is wasted work on every
 * pause in typing, and one still in flight when the writer sends the reply could show the page
 * without the reply just posted. Routes with a Markdown field (and the root) skip it.
 */
export const notAfterPreview: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) =>
  formAction?.split("?")[0] === "/api/preview" ? false : defaultShouldRevalidate;
