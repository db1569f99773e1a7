//! Bindings generated from `wit/v0.2/tool.wit` (contract 0.2, world
//! `server-component`). Tool authors never use them: the SDK converts its
//! own types at the boundary so that the generated names can change with
//! wit-bindgen, or the contract with a new version, without breaking any
//! tool.

wit_bindgen::generate!({
    path: "../wit/v0.2",
    world: "server-component",
    pub_export_macro: true,
    export_macro_name: "__export_server_component",
    default_bindings_module: "::toolhost_sdk::bindings",
});
