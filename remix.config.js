// Classic Remix compiler (the client's design). BUILD_DIR lets parallel checkouts and test
// runs build side by side without overwriting each other's output.
const root = process.env.BUILD_DIR || "build";

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  serverBuildPath: `${root}/index.js`,
  assetsBuildDirectory: `${root}/public/build`,
  publicPath: "/build/",
  watchPaths: ["db/**/*.ts", "search/**/*.ts"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
  },
};
