//! Bindings generated from `wit/tool.wit`. Tool authors never use them: the
//! SDK converts its own types at the boundary so that the generated names can
//! change with wit-bindgen without breaking any tool.

wit_bindgen::generate!({
    path: "../wit",
    world: "tool-component",
    pub_export_macro: true,
    export_macro_name: "__export_tool_component",
    default_bindings_module: "::toolhost_sdk::bindings",
});
