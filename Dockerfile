# Debrief's image: one static binary on distroless, run as a non-root user.
# Fly.io builds it on `fly deploy` (fly.toml); locally: docker build -t debrief .

# Build: the Go of go.mod (go 1.26.x). GOTOOLCHAIN=local fails the build if
# the image's Go is older than go.mod asks instead of downloading another.
FROM golang:1.26 AS build
ENV CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-trimpath
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download && go mod verify
COPY . .
# Pure Go (SQLite is modernc's), so no cgo: a static binary. Time zones are
# embedded (time/tzdata), CA certificates come with the runtime image.
RUN go build -buildvcs=false -ldflags="-s -w" -o /out/debrief ./cmd/debrief \
	&& /out/debrief help >/dev/null

# Run: distroless static has CA certificates, tzdata, /etc/passwd and a
# nonroot user (65532), and nothing else (no shell, no libc).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/debrief /usr/local/bin/debrief
USER nonroot:nonroot
# The embedded database, when DATABASE_URL is unset, is debrief.db here.
WORKDIR /home/nonroot
ENV PORT=8080
EXPOSE 8080
# fly.toml's processes replace this command: debrief serve --no-scheduler,
# debrief worker, and debrief migrate as the release command.
CMD ["debrief", "serve"]
