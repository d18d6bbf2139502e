{
  "targets": [{
    "target_name": "warden",
    "sources": ["src/addon.c"],
    "include_dirs": ["../../ffi/include"],
    "libraries": ["-ldl"]
  }]
}
