//! Host bindings for the `toolhost:tool@0.2.0` `server-component` world
//! (see `wit/v0.2/`).

wasmtime::component::bindgen!({
    path: "../wit/v0.2",
    world: "toolhost:tool/server-component@0.2.0",
    exports: { default: async },
});
