//! `#[schema]`: serde's and schemars's derives, pointed at the SDK's
//! re-exports of both (their `crate = "..."` attributes), and `ToolInput`
//! for the types whose JSON is an object.

use proc_macro2::{TokenStream, TokenTree};
use quote::quote;
use syn::{Attribute, Data, DeriveInput, Fields, Meta, parse_quote};

/// Which derives a type gets: `#[schema]` both directions, `#[schema(input)]`
/// reading only, `#[schema(output)]` writing only.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Both,
    Input,
    Output,
}

pub fn expand(attr: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let direction = parse_direction(attr)?;
    let mut input: DeriveInput = syn::parse2(item.clone())?;
    let sdk = quote!(::toolhost_sdk);
    let serialize = quote!(#sdk::serde::Serialize);
    let deserialize = quote!(#sdk::serde::Deserialize);
    let derives = match direction {
        Direction::Both => quote!(#serialize, #deserialize),
        Direction::Input => quote!(#deserialize),
        Direction::Output => quote!(#serialize),
    };
    let tool_input = (direction != Direction::Output && is_json_object(&input)).then(|| {
        let ident = input.ident.clone();
        input
            .generics
            .make_where_clause()
            .predicates
            .push(parse_quote!(
                Self: #sdk::serde::de::DeserializeOwned + #sdk::schemars::JsonSchema
            ));
        let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
        quote! {
            impl #impl_generics #sdk::ToolInput for #ident #type_generics #where_clause {}
        }
    });
    Ok(quote! {
        #[derive(#derives, #sdk::schemars::JsonSchema)]
        #[serde(crate = "::toolhost_sdk::serde")]
        #[schemars(crate = "::toolhost_sdk::schemars")]
        #item
        #tool_input
    })
}

fn parse_direction(attr: TokenStream) -> syn::Result<Direction> {
    let mut direction = Direction::Both;
    let parser = syn::meta::parser(|meta| {
        if direction != Direction::Both {
            return Err(meta.error("`#[schema]` takes one of `input` and `output`, not both"));
        }
        if meta.path.is_ident("input") {
            direction = Direction::Input;
            Ok(())
        } else if meta.path.is_ident("output") {
            direction = Direction::Output;
            Ok(())
        } else {
            Err(meta.error(
                "unknown option: `#[schema]` alone derives both directions, `#[schema(input)]` \
                 reading only, `#[schema(output)]` writing only",
            ))
        }
    });
    syn::parse::Parser::parse2(parser, attr)?;
    Ok(direction)
}

/// A struct with named fields reads from a JSON object, unless a container
/// attribute makes it read something else: `transparent` (the one field's
/// JSON), `from`/`try_from` (another type's), or schemars's `with` and
/// `schema_with` (a schema of the author's choosing).
fn is_json_object(input: &DeriveInput) -> bool {
    let named = matches!(
        &input.data,
        Data::Struct(data) if matches!(data.fields, Fields::Named(_))
    );
    named && !input.attrs.iter().any(reads_something_else)
}

fn reads_something_else(attr: &Attribute) -> bool {
    const NOT_AN_OBJECT: &[&str] = &["transparent", "from", "try_from", "with", "schema_with"];
    let Meta::List(list) = &attr.meta else {
        return false;
    };
    if !(list.path.is_ident("serde") || list.path.is_ident("schemars")) {
        return false;
    }
    // Only the list's own keys count: nested lists are groups, and values
    // (`rename = "from"`) are literals, so neither is an identifier here.
    list.tokens.clone().into_iter().any(|token| {
        matches!(token, TokenTree::Ident(ident) if NOT_AN_OBJECT.iter().any(|word| ident == word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_str(attr: &str, item: &str) -> Result<String, String> {
        expand(attr.parse().unwrap(), item.parse().unwrap())
            .map(|tokens| tokens.to_string())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn derives_go_through_the_sdk_and_named_structs_become_tool_input() {
        let out = expand_str("", "/// Doc.\nstruct A { x: u32 }").unwrap();
        assert!(out.contains(":: toolhost_sdk :: serde :: Serialize , :: toolhost_sdk :: serde :: Deserialize , :: toolhost_sdk :: schemars :: JsonSchema"), "{out}");
        assert!(
            out.contains("serde (crate = \"::toolhost_sdk::serde\")"),
            "{out}"
        );
        assert!(
            out.contains("schemars (crate = \"::toolhost_sdk::schemars\")"),
            "{out}"
        );
        assert!(
            out.contains("impl :: toolhost_sdk :: ToolInput for A where Self :"),
            "{out}"
        );
        assert!(out.contains("# [doc = \" Doc.\"] struct A"), "{out}");
    }

    #[test]
    fn directions_pick_the_derives() {
        let input = expand_str("input", "struct A { x: u32 }").unwrap();
        assert!(!input.contains("Serialize"), "{input}");
        assert!(input.contains("ToolInput"), "{input}");
        let output = expand_str("output", "struct A { x: u32 }").unwrap();
        assert!(!output.contains("Deserialize"), "{output}");
        assert!(!output.contains("ToolInput"), "{output}");
        assert!(
            expand_str("input, output", "struct A {}")
                .unwrap_err()
                .contains("not both")
        );
        assert!(
            expand_str("both", "struct A {}")
                .unwrap_err()
                .contains("unknown option")
        );
    }

    #[test]
    fn only_what_reads_a_json_object_becomes_tool_input() {
        let tool_input = |item: &str| expand_str("", item).unwrap().contains("ToolInput");
        assert!(tool_input("struct Empty {}"));
        assert!(tool_input(
            "#[serde(rename_all = \"camelCase\", rename = \"from\")] struct A { x: u8 }"
        ));
        assert!(tool_input(
            "#[serde(rename_all(serialize = \"UPPERCASE\"))] struct A { x: u8 }"
        ));
        assert!(!tool_input("enum E { A, B }"));
        assert!(!tool_input("struct T(u32, u32);"));
        assert!(!tool_input("struct U;"));
        assert!(!tool_input("#[serde(transparent)] struct A { x: u8 }"));
        assert!(!tool_input(
            "#[serde(deny_unknown_fields, try_from = \"String\")] struct A { x: u8 }"
        ));
        assert!(!tool_input(
            "#[schemars(with = \"String\")] struct A { x: u8 }"
        ));
    }

    #[test]
    fn generic_structs_get_a_bounded_impl() {
        let out = expand_str("", "struct Page<T> where T: Clone { items: Vec<T> }").unwrap();
        assert!(
            out.contains(
                "impl < T > :: toolhost_sdk :: ToolInput for Page < T > where T : Clone , Self :"
            ),
            "{out}"
        );
    }
}
