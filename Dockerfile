# syntax=docker/dockerfile:1
# Build: a static binary with the built-in knowledge base embedded.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/advisor ./cmd/advisor

# Run: no shell, no package manager, a non-root user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/advisor /advisor
USER nonroot:nonroot
EXPOSE 8080
ENV ADDR=:8080
HEALTHCHECK NONE
ENTRYPOINT ["/advisor"]
CMD ["serve"]
