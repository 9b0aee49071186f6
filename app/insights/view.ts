import type { Panel } from "./schemas";

// What the page and the CSV download both show for a panel: one table, built once on the server.
export type Cell = { text: string; href?: string; num?: boolean };
export type PanelView = {
  id: Panel;
  group: "cases" | "reuse" | "questions" | "search" | "health";
  title: string;
  summary: string;
  /** Server-rendered SVG (Observable Plot), or null for list panels and empty periods. */
  svg: string | null;
  head: string[];
  rows: Cell[][];
  /** The list behind the figure. */
  more?: { text: string; href: string };
  note?: string;
  empty: boolean;
};
