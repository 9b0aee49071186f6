import { isNetworkModerator } from "./roles";
import type { Viewer } from "./types";

/**
 * Accessibility defect reports (the form on /tillganglighet) concern the whole service, not one
 * organisation's content: the network moderators (and network admins) read and handle them.
 * Organisation moderators do not: a report may quote another organisation's page or a reporter's
 * address.
 */
export const canHandleAccessibilityReports = (v: Viewer | null) => isNetworkModerator(v);
