//! Host bindings for the `toolhost:tool/tool-component` world (see `wit/`).

wasmtime::component::bindgen!({
    path: "../wit",
    world: "toolhost:tool/tool-component",
    exports: { default: async },
});
