//! `#[tool]`: keeps the function as written and adds a struct of the same
//! name (structs without fields live in the type namespace only, so the two
//! do not clash: the pattern of Rocket's route attributes) whose `tool()`
//! builds the SDK's `Tool` through `toolhost_sdk::macro_support::tool`.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Expr, FnArg, ItemFn, LitBool, LitStr, Meta, ReturnType, Token, Type};

/// What `#[tool(...)]` says besides the function.
#[derive(Default)]
struct Options {
    name: Option<LitStr>,
    title: Option<LitStr>,
    description: Option<LitStr>,
    read_only: bool,
    idempotent: bool,
    destructive: Option<LitBool>,
    open_world: Option<LitBool>,
}

/// What the function takes: its arguments' type (none: the tool has no
/// input) and whether it also takes the request's context.
struct Parameters {
    input: Option<Type>,
    context: bool,
}

pub fn expand(attr: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let options = parse_options(attr)?;
    let function: ItemFn = syn::parse2(item)?;
    let parameters = check_signature(&function)?;
    let ident = &function.sig.ident;
    let name = match &options.name {
        Some(name) => name.clone(),
        None => LitStr::new(&ident.unraw().to_string(), ident.span()),
    };
    check_name(&name)?;

    let tool = tool_call(&function, &parameters, &name);
    let builder = builder_calls(&options, &function);
    let vis = &function.vis;
    // A `#[cfg]` below `#[tool]` removes the function only after expansion:
    // what the macro adds must go with it.
    let cfgs: Vec<_> = function
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .collect();
    let doc = format!(
        "The tool `{}`, made by `#[tool]` from the function of the same name: \
         add it to a `Toolbox` with `.tool({ident}::tool())`.",
        name.value()
    );
    Ok(quote! {
        #function

        #(#cfgs)*
        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code)]
        #vis struct #ident {}

        #(#cfgs)*
        impl #ident {
            #[doc = #doc]
            pub fn tool() -> ::toolhost_sdk::Tool {
                #tool #builder
            }
        }
    })
}

fn parse_options(attr: TokenStream) -> syn::Result<Options> {
    let mut options = Options::default();
    let parser = syn::meta::parser(|meta| {
        let path = &meta.path;
        let twice = || meta.error("this option is given twice");
        let string = |slot: &mut Option<LitStr>| -> syn::Result<()> {
            if slot.is_some() {
                return Err(twice());
            }
            *slot = Some(meta.value()?.parse()?);
            Ok(())
        };
        let boolean = |slot: &mut Option<LitBool>| -> syn::Result<()> {
            if slot.is_some() {
                return Err(twice());
            }
            *slot = Some(meta.value()?.parse()?);
            Ok(())
        };
        let flag = |slot: &mut bool, what: &str| -> syn::Result<()> {
            if meta.input.peek(Token![=]) {
                return Err(meta.error(format!(
                    "this hint takes no value: write it when the tool {what}, leave it out \
                     otherwise"
                )));
            }
            if *slot {
                return Err(twice());
            }
            *slot = true;
            Ok(())
        };
        if path.is_ident("name") {
            string(&mut options.name)
        } else if path.is_ident("title") {
            string(&mut options.title)
        } else if path.is_ident("description") {
            string(&mut options.description)
        } else if path.is_ident("read_only") {
            flag(&mut options.read_only, "changes nothing")
        } else if path.is_ident("idempotent") {
            flag(&mut options.idempotent, "may be retried freely")
        } else if path.is_ident("destructive") {
            boolean(&mut options.destructive)
        } else if path.is_ident("open_world") {
            boolean(&mut options.open_world)
        } else {
            Err(meta.error(
                "unknown option: `#[tool]` takes name, title, description, read_only, \
                 idempotent, destructive and open_world",
            ))
        }
    });
    syn::parse::Parser::parse2(parser, attr)?;
    Ok(options)
}

/// The function must be one the SDK can call: synchronous, not generic, not
/// a method, taking its arguments and/or `&mut Context`.
fn check_signature(function: &ItemFn) -> syn::Result<Parameters> {
    let sig = &function.sig;
    let refuse = |span: Span, why: &str| Err(syn::Error::new(span, why));
    if let Some(token) = &sig.asyncness {
        return refuse(
            token.span(),
            "a tool runs to completion in its own instance: it cannot be `async`",
        );
    }
    if let Some(token) = &sig.unsafety {
        return refuse(token.span(), "a tool function cannot be `unsafe`");
    }
    if !sig.generics.params.is_empty() {
        return refuse(
            sig.generics.span(),
            "a tool function cannot be generic: its schemas are derived from concrete types",
        );
    }
    if let Some(variadic) = &sig.variadic {
        return refuse(variadic.span(), "a tool function cannot be variadic");
    }
    let mut parameters = Parameters {
        input: None,
        context: false,
    };
    for (position, argument) in sig.inputs.iter().enumerate() {
        let typed = match argument {
            FnArg::Typed(typed) => typed,
            FnArg::Receiver(receiver) => {
                return refuse(
                    receiver.span(),
                    "`#[tool]` goes on a free function, not on a method",
                );
            }
        };
        let is_context = matches!(*typed.ty, Type::Reference(_));
        match (position, is_context) {
            (0, false) => parameters.input = Some((*typed.ty).clone()),
            (0, true) | (1, true) if !parameters.context => parameters.context = true,
            _ => {
                return refuse(
                    typed.span(),
                    "a tool function takes its arguments (a struct marked `#[schema]`), then \
                     `&mut Context`, each optional, and nothing else",
                );
            }
        }
    }
    Ok(parameters)
}

/// The same rule as the SDK's load-time check, so a bad name fails the
/// build: 1-128 characters from `A-Z a-z 0-9 _ . -`.
fn check_name(name: &LitStr) -> syn::Result<()> {
    let value = name.value();
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    if (1..=128).contains(&value.len()) && value.chars().all(allowed) {
        Ok(())
    } else {
        Err(syn::Error::new(
            name.span(),
            format!(
                "the tool name {value:?} must be 1-128 characters from A-Z a-z 0-9 _ . - \
                 (set another with `#[tool(name = \"...\")]`)"
            ),
        ))
    }
}

/// `macro_support::tool::<Input, Output>(name, |input, cx| function(..))`,
/// the closure passing on what the function takes.
fn tool_call(function: &ItemFn, parameters: &Parameters, name: &LitStr) -> TokenStream {
    let sdk = quote!(::toolhost_sdk);
    let ident = &function.sig.ident;
    // Mixed-site names, so neither can mean a constant of the caller's.
    let input = quote_spanned!(Span::mixed_site()=> input);
    let cx = quote_spanned!(Span::mixed_site()=> cx);
    let (input_type, input_pattern) = match &parameters.input {
        Some(ty) => (ty.to_token_stream(), input.clone()),
        None => (quote!(#sdk::NoArgs), quote!(_)),
    };
    let cx_pattern = if parameters.context {
        cx.clone()
    } else {
        quote!(_)
    };
    let call_arguments = match (&parameters.input, parameters.context) {
        (Some(_), true) => quote!(#input, #cx),
        (Some(_), false) => quote!(#input),
        (None, true) => quote!(#cx),
        (None, false) => quote!(),
    };
    // Both types as the user wrote them, with their spans: an argument type
    // that is not a JSON object, or a return type that is not a tool
    // result, is reported at the type in the signature.
    let output_type = match &function.sig.output {
        // `impl Trait` cannot be named in a turbofish: leave it to inference.
        ReturnType::Type(_, ty) if mentions_impl(ty.to_token_stream()) => quote!(_),
        ReturnType::Type(_, ty) => ty.to_token_stream(),
        ReturnType::Default => quote!(()),
    };
    quote! {
        #sdk::macro_support::tool::<#input_type, #output_type>(
            #name,
            |#input_pattern: #input_type, #cx_pattern: &mut #sdk::Context| #ident(#call_arguments),
        )
    }
}

fn mentions_impl(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => ident == "impl",
        TokenTree::Group(group) => mentions_impl(group.stream()),
        _ => false,
    })
}

/// The `Tool` builder calls for the description and the options.
fn builder_calls(options: &Options, function: &ItemFn) -> TokenStream {
    let mut calls = TokenStream::new();
    match &options.description {
        Some(description) => calls.extend(quote!(.description(#description))),
        None => {
            let docs = doc_lines(function);
            if !docs.is_empty() {
                calls.extend(quote! {
                    .description_from_doc(::core::concat!(#(#docs, "\n"),*))
                });
            }
        }
    }
    if let Some(title) = &options.title {
        calls.extend(quote!(.title(#title)));
    }
    if options.read_only {
        calls.extend(quote!(.read_only()));
    }
    if options.idempotent {
        calls.extend(quote!(.idempotent()));
    }
    if let Some(destructive) = &options.destructive {
        calls.extend(quote!(.destructive(#destructive)));
    }
    if let Some(open_world) = &options.open_world {
        calls.extend(quote!(.open_world(#open_world)));
    }
    calls
}

/// The values of the function's `#[doc = ...]` attributes (what `///`
/// comments become), as written: usually string literals, possibly macro
/// calls such as `include_str!`, which `concat!` accepts as well.
fn doc_lines(function: &ItemFn) -> Vec<&Expr> {
    function
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            Meta::NameValue(doc) => Some(&doc.value),
            _ => None,
        })
        .collect()
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
    fn the_function_stays_and_a_struct_of_its_name_builds_the_tool() {
        let out = expand_str(
            "title = \"Echo\", read_only, idempotent, open_world = false",
            "/// Says it back.\npub fn echo(args: EchoArgs) -> Result<String> { todo!() }",
        )
        .unwrap();
        assert!(out.contains("pub fn echo (args : EchoArgs)"), "{out}");
        assert!(out.contains("pub struct echo { }"), "{out}");
        assert!(
            out.contains("tool :: < EchoArgs , Result < String > > (\"echo\""),
            "{out}"
        );
        assert!(out.contains("description_from_doc"), "{out}");
        assert!(
            out.contains(". title (\"Echo\") . read_only () . idempotent () . open_world (false)"),
            "{out}"
        );
        assert!(!out.contains("destructive"), "{out}");
    }

    #[test]
    fn parameters_may_be_arguments_context_both_or_neither() {
        let call = |item: &str| expand_str("", item).unwrap();
        assert!(call("fn a(x: A, cx: &mut Context) -> R {}").contains("a (input , cx)"));
        assert!(call("fn b(x: A) -> R {}").contains("b (input)"));
        let context_only = call("fn c(cx: &mut Context) -> R {}");
        assert!(context_only.contains("c (cx)"), "{context_only}");
        assert!(context_only.contains(":: toolhost_sdk :: NoArgs"));
        let neither = call("fn d() -> R {}");
        assert!(neither.contains("d ()"), "{neither}");
        assert!(
            neither.contains("| _ : :: toolhost_sdk :: NoArgs , _ : & mut"),
            "{neither}"
        );
        assert!(call("fn e() {}").contains("tool :: < :: toolhost_sdk :: NoArgs , () >"));
        let opaque = call("fn f() -> Result<impl IntoToolOutput> {}");
        assert!(opaque.contains("NoArgs , _ >"), "{opaque}");
    }

    #[test]
    fn a_cfg_on_the_function_applies_to_what_the_macro_adds() {
        let out = expand_str("", "#[cfg(feature = \"x\")]\nfn a() {}").unwrap();
        assert_eq!(out.matches("# [cfg (feature = \"x\")]").count(), 3, "{out}");
    }

    #[test]
    fn names_and_descriptions_can_be_given() {
        let out = expand_str(
            "name = \"word-count\", description = \"Counts.\"",
            "/// Not this.\nfn count(x: A) -> R {}",
        )
        .unwrap();
        assert!(out.contains("(\"word-count\""), "{out}");
        assert!(out.contains(". description (\"Counts.\")"), "{out}");
        assert!(!out.contains("description_from_doc"), "{out}");
        let raw = expand_str("", "fn r#type(x: A) -> R {}").unwrap();
        assert!(raw.contains("(\"type\""), "{raw}");
        assert!(
            !expand_str("", "fn quiet(x: A) -> R {}")
                .unwrap()
                .contains("description")
        );
    }

    #[test]
    fn signatures_the_sdk_cannot_call_are_refused_with_the_reason() {
        let refused = |item: &str| expand_str("", item).unwrap_err();
        assert!(refused("async fn a(x: A) -> R {}").contains("async"));
        assert!(refused("fn b<T>(x: T) -> R {}").contains("generic"));
        assert!(refused("fn c(&self) -> R {}").contains("free function"));
        assert!(refused("unsafe fn d() -> R {}").contains("unsafe"));
        for two_inputs in ["fn e(x: A, y: B) -> R {}", "fn f(cx: &mut C, x: A) -> R {}"] {
            assert!(
                refused(two_inputs).contains("then `&mut Context`"),
                "{two_inputs}"
            );
        }
        assert!(refused("fn g(x: A, c: &mut C, d: &mut C) -> R {}").contains("nothing else"));
    }

    #[test]
    fn options_are_checked() {
        let refused = |attr: &str| expand_str(attr, "fn a(x: A) -> R {}").unwrap_err();
        assert!(refused("read_only = true").contains("takes no value"));
        assert!(refused("idempotent, idempotent").contains("twice"));
        assert!(refused("title = \"a\", title = \"b\"").contains("twice"));
        assert!(refused("readonly").contains("unknown option"));
        assert!(refused("destructive").contains("expected `=`"));
        assert!(refused("open_world = \"no\"").contains("expected boolean literal"));
    }

    #[test]
    fn tool_names_the_host_would_refuse_fail_the_build() {
        let refused = |attr: &str, item: &str| expand_str(attr, item).unwrap_err();
        assert!(refused("name = \"has space\"", "fn a() {}").contains("1-128 characters"));
        assert!(refused("name = \"\"", "fn a() {}").contains("1-128 characters"));
        assert!(refused("", "fn héllo() {}").contains("\"héllo\""));
        assert!(expand_str("name = \"a-Z_0.9\"", "fn a() {}").is_ok());
    }
}
