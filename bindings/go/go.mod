module github.com/warden-gateway/warden/bindings/go

go 1.19
