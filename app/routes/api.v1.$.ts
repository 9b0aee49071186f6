import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { problem } from "~/api/problem.server";

// Any other path under /api/v1: a problem-details 404 (an API client never gets an HTML page).
export const loader = ({ context }: LoaderFunctionArgs) => problem(context.locale ?? "sv", "not-found", { detailKey: "api:problem.not-found.route" });
export const action = ({ context }: ActionFunctionArgs) => problem(context.locale ?? "sv", "not-found", { detailKey: "api:problem.not-found.route" });
