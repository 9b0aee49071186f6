import { RouteErrorBoundary } from "~/lib/ui/error-page";

// Anything unmatched is a translated 404 inside the normal shell.
export function loader() {
  throw new Response("Not Found", { status: 404 });
}

export default function NotFound() {
  return null;
}

export const ErrorBoundary = RouteErrorBoundary;
