{
  "variables": {
    "dnnl_include%": "<!(node -p \"process.env.TENSILE_DNNL_INCLUDE || '/usr/include'\")",
    "with_gloo%": "<!(node -p \"['/usr/include/gloo/rendezvous/redis_store.h', '/usr/include/hiredis/hiredis.h'].every((f) => require('fs').existsSync(f)) ? 1 : 0\")"
  },
  "targets": [
    {
      "target_name": "tensile_native",
      "sources": [
        "native/src/adam.cc",
        "native/src/addon.cc",
        "native/src/args.cc",
        "native/src/binary.cc",
        "native/src/context.cc",
        "native/src/conv.cc",
        "native/src/eltwise.cc",
        "native/src/matmul.cc",
        "native/src/number_nest.cc",
        "native/src/pool.cc",
        "native/src/recurrence.cc",
        "native/src/reduce.cc",
        "native/src/softmax.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "<(dnnl_include)"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-O3", "-fno-math-errno", "-fopenmp"],
      "libraries": ["-ldnnl", "-fopenmp"],
      "conditions": [
        ["with_gloo==1", {
          "sources": ["native/src/gloo.cc"],
          "defines": ["TENSILE_GLOO"],
          "include_dirs": ["/usr/include/hiredis"],
          "libraries": ["-lgloo", "-lhiredis", "-pthread"]
        }]
      ]
    }
  ]
}
