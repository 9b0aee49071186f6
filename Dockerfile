# Allmänning: one image for the three commands (migrate, web, worker). Not built or run in CI:
# these machines have no Docker engine. Build: docker build -t allmanning .
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 3000
# Override the command per service: `web` (default), `worker` or `migrate`.
CMD ["node", "build/server.mjs", "web"]
