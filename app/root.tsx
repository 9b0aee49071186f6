import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import stylesHref from "./styles/app.css";
import { useNonce } from "./lib/nonce";
import { Shell } from "./lib/ui/shell";
import { ErrorPage } from "./lib/ui/error-page";
import { canViewInsights, isNetworkModerator } from "./policy";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "icon", href: "/favicon.ico", sizes: "32x32" },
];

export const meta: MetaFunction = () => [{ title: "Allmänning" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const v = context.viewer;
  return json({
    locale: context.locale,
    demo: process.env.DEMO_MODE === "1",
    viewer: v
      ? {
          id: v.id,
          name: v.name,
          handle: v.handle,
          isModerator: isNetworkModerator(v) || v.memberships.some((m) => m.role === "moderator" || m.role === "admin"),
          isNetworkAdmin: v.networkRole === "admin",
          isNetworkModerator: isNetworkModerator(v),
          canViewInsights: canViewInsights(v),
        }
      : null,
  });
}

export type RootData = typeof loader;
export const useRootData = () => useRouteLoaderData<typeof loader>("root");

export function Layout({ children }: { children: React.ReactNode }) {
  const { i18n } = useTranslation();
  const nonce = useNonce();
  const locale = useRouteLoaderData<typeof loader>("root")?.locale;
  // The language switch posts and redirects; with JavaScript the page is not reloaded, so
  // follow the server's negotiated locale here.
  useEffect(() => {
    if (locale && i18n.language !== locale) void i18n.changeLanguage(locale);
  }, [locale, i18n]);
  // Marks the page once React has hydrated it (its event handlers are attached): styles that
  // only make sense with JavaScript, and browser tests that must not type into a page still
  // being hydrated, key on it.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "";
  }, []);
  return (
    <html lang={i18n.language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <Shell>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (
    <Shell>
      <ErrorPage status={status} />
    </Shell>
  );
}
