# wsisgraph: a small image with the static binary only. The dataset and the playground are
# embedded in the binary.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/wsisgraph ./cmd/wsisgraph

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/wsisgraph /wsisgraph
EXPOSE 8080
ENV WSISGRAPH_ADDR=0.0.0.0:8080
USER nonroot:nonroot
ENTRYPOINT ["/wsisgraph"]
CMD ["serve"]
