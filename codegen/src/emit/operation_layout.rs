//! Request builders laid out part by part: the parts every operation has
//! many of (its `static`, its struct and its parameter setters) written as
//! text (see `emit::layout`), the methods with bodies (`new`,
//! `to_http_request`, `send`, …) laid out by `prettyplease` as members of
//! their block. The bytes are what `prettyplease` prints for the whole
//! operation; an operation with a line the text cannot be sure of is laid
//! out whole by `prettyplease`.

use super::layout::{setter_lines, string_literal, type_lines, Lines, FIELD};
use super::operations::{
    body_setter, body_setter_docs, builder_new, deep_object_setters, download_method,
    emit_operation_items, operation_docs, param_docs, parse_response_method, send_method,
    stream_of, to_http_request_method,
};
use super::push_ident;
use super::request_layout;
use super::rust_type::TypePath;
use crate::ir::{Api, Operation, Output, RequestBody, TypeRef};
use crate::surface::Collected;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The module the builders live in, as the surface names it.
const MODULE: &str = "operations";

/// The operation at `index` of [`Api::operations`], laid out as
/// `prettyplease` prints it (items back to back), with its public surface.
pub fn emit_operation_laid_out(
    api: &Api,
    index: usize,
    gathering: bool,
) -> Result<(String, Collected), String> {
    let op = &api.operations[index];
    if let Some(laid_out) = operation_text(api, op, gathering)? {
        return Ok(laid_out);
    }
    let (text, file) = crate::format::print(emit_operation_items(api, index)?);
    let mut surface = Collected::new(gathering);
    surface.add_file(MODULE, &file);
    Ok((text, surface))
}

/// The operation laid out part by part, or `None` when a line written as
/// text would not be what `prettyplease` writes.
fn operation_text(
    api: &Api,
    op: &Operation,
    gathering: bool,
) -> Result<Option<(String, Collected)>, String> {
    let mut lines = Lines::new();
    let mut surface = Collected::new(gathering);
    static_lines(api, op, &mut lines);
    struct_lines(api, op, &mut lines);
    surface.add_builder(MODULE, &op.builder_name, BUILDER_DERIVES, "<'a>");
    let mut setters = Lines::new();
    for p in op.params.iter().filter(|p| !p.required) {
        let docs = param_docs(p);
        let (method, signature) =
            setter_lines(api, &mut setters, &p.name, (&p.ty, TypePath::Types), &docs);
        surface.add_method(MODULE, &op.builder_name, &method, signature);
    }
    let (Some(mut text), Some(setters)) = (lines.finish(), setters.finish()) else {
        return Ok(None);
    };
    let builder = format_ident!("{}", op.builder_name);
    // A member that cannot be written as text is laid out from tokens.
    let tree = |tokens: TokenStream, surface: &mut Collected| -> Result<String, String> {
        if tokens.is_empty() {
            return Ok(String::new());
        }
        let (members, file) =
            crate::format::print_impl_members(quote!(impl<'a> #builder<'a> { #tokens }))?;
        surface.add_file(MODULE, &file);
        Ok(members)
    };
    text.push_str("impl<'a> ");
    push_ident(&mut text, &op.builder_name);
    text.push_str("<'a> {\n");
    match request_layout::new_text(api, op) {
        Some(new) => text.push_str(&new),
        None => text.push_str(&tree(builder_new(api, op), &mut surface)?),
    }
    text.push_str(&setters);
    let leaves = deep_object_setters(api, op);
    text.push_str(&tree(quote!(#(#leaves)*), &mut surface)?);
    if let Some(body) = op.body.as_ref().filter(|b| !b.required) {
        match body_setter_text(api, body) {
            Some((setter, signature)) => {
                text.push_str(&setter);
                surface.add_method(MODULE, &op.builder_name, "body", signature);
            }
            None => text.push_str(&tree(body_setter(api, op), &mut surface)?),
        }
    }
    let downloads = op.output == Output::Bytes;
    let methods: [(bool, TextMethod, TreeMethod); 4] = [
        (true, request_layout::request_text, to_http_request_method),
        (
            true,
            request_layout::parse_response_text,
            parse_response_method,
        ),
        (true, request_layout::send_text, send_method),
        (downloads, request_layout::download_text, download_method),
    ];
    for (_, as_text, as_tokens) in methods.into_iter().filter(|(wanted, ..)| *wanted) {
        match as_text(api, op) {
            Some(method) => {
                text.push_str(&method.text);
                surface.add_method(MODULE, &op.builder_name, method.name, method.signature);
            }
            None => text.push_str(&tree(as_tokens(api, op), &mut surface)?),
        }
    }
    text.push_str(&tree(stream_of(api, op), &mut surface)?);
    text.push_str("}\n");
    Ok(Some((text, surface)))
}

type TextMethod = fn(&Api, &Operation) -> Option<request_layout::Method>;
type TreeMethod = fn(&Api, &Operation) -> TokenStream;

/// The setter of an optional body written as text, with its signature; not
/// for a text body, which takes a `String` rather than `impl Into<String>`.
fn body_setter_text(api: &Api, body: &RequestBody) -> Option<(String, String)> {
    if body.ty == TypeRef::String {
        return None;
    }
    let mut lines = Lines::new();
    let (_, signature) = setter_lines(
        api,
        &mut lines,
        "body",
        (&body.ty, TypePath::Types),
        body_setter_docs(body),
    );
    Some((lines.finish()?, signature))
}

/// A builder's derives.
const BUILDER_DERIVES: &str = "Debug, Clone";

/// `static NAME: Operation = Operation { … };` (see `operations::operation_static`).
fn static_lines(api: &Api, op: &Operation, lines: &mut Lines) {
    // No place to break before the struct literal's brace: the line stays whole.
    let mut head = String::from("static ");
    push_ident(&mut head, &op.static_name);
    head.push_str(": Operation = Operation {");
    lines.whole("", &head);
    let request_id = match &api.request_id_header {
        Some(header) => format!("Some({})", string_literal(header)),
        None => "None".to_owned(),
    };
    let mut method = String::from("http::Method::");
    push_ident(&mut method, &op.method);
    for (field, value, literal) in [
        ("id", string_literal(&op.id), true),
        ("method", method, false),
        ("path", string_literal(&op.path), true),
        ("request_id_header", request_id, false),
        (
            "security",
            api.security_sets[op.security].const_name.clone(),
            false,
        ),
    ] {
        let line = format!("{field}: {value},");
        if literal {
            // A string literal has no place to break: its line stays whole.
            lines.whole(FIELD, &line);
        } else {
            lines.text(FIELD, &line);
        }
    }
    lines.text("", "};");
}

/// The builder's struct (see `operations::builder_struct`).
fn struct_lines(api: &Api, op: &Operation, lines: &mut Lines) {
    lines.docs("", &operation_docs(op));
    lines.attribute("", "derive", BUILDER_DERIVES);
    lines.text(
        "",
        "#[must_use = \"a request builder does nothing until it is sent\"]",
    );
    lines.code("", |out| {
        out.push_str("pub struct ");
        push_ident(out, &op.builder_name);
        out.push_str("<'a> {");
    });
    lines.text(FIELD, "api: &'a ApiClient,");
    let mut field = |name: &str, ty: &TypeRef, required: bool| {
        let mut prefix = String::new();
        push_ident(&mut prefix, name);
        prefix.push_str(": ");
        let optional;
        let ty = if required {
            ty
        } else {
            optional = TypeRef::Option(Box::new(ty.clone()));
            &optional
        };
        type_lines(
            api,
            lines,
            FIELD.len(),
            &prefix,
            (ty, TypePath::Types),
            (",", true),
        );
    };
    for p in &op.params {
        field(&p.name, &p.ty, p.required);
    }
    if let Some(body) = &op.body {
        field("body", &body.ty, body.required);
    }
    lines.text("", "}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::types::layout_tests::documents;

    /// The first line where two texts differ, numbered from 1.
    fn first_difference(left: &str, right: &str) -> String {
        let (mut left, mut right) = (left.lines(), right.lines());
        for number in 1.. {
            match (left.next(), right.next()) {
                (None, None) => break,
                (l, r) if l == r => continue,
                (l, r) => return format!("line {number}:\n  text: {l:?}\n  tree: {r:?}"),
            }
        }
        "the same lines".to_owned()
    }

    #[test]
    fn operations_laid_out_in_parts_are_what_prettyplease_prints() {
        let (mut in_parts, mut methods, mut as_text) = (0, 0, 0);
        let mut differences = Vec::new();
        for (file, text) in documents() {
            let (spec, _) = crate::read_spec(&file, &text).expect("the document reads");
            let api = crate::lower::lower(&file, &spec).expect("the document lowers");
            for (index, op) in api.operations.iter().enumerate() {
                let (laid_out, surface) =
                    emit_operation_laid_out(&api, index, true).expect("emits");
                let (printed, tree) =
                    crate::format::print(emit_operation_items(&api, index).expect("emits"));
                if laid_out != printed {
                    let at = first_difference(&laid_out, &printed);
                    differences.push(format!("{file}: {}: {at}", op.id));
                }
                assert_eq!(
                    surface.finish(),
                    Collected::from_file(MODULE, &tree).finish(),
                    "{file}: {}",
                    op.id
                );
                if operation_text(&api, op, true).expect("emits").is_some() {
                    in_parts += 1;
                }
                let written = [
                    request_layout::new_text(&api, op).is_some(),
                    request_layout::request_text(&api, op).is_some(),
                    request_layout::parse_response_text(&api, op).is_some(),
                    request_layout::send_text(&api, op).is_some(),
                ];
                methods += written.len();
                as_text += written.iter().filter(|w| **w).count();
            }
        }
        assert!(
            differences.is_empty(),
            "{} operations differ:\n{}",
            differences.len(),
            differences[..differences.len().min(10)].join("\n")
        );
        assert!(in_parts >= 20, "{in_parts} operations laid out in parts");
        // Most methods with bodies are written as text, not only the easy ones.
        assert!(
            as_text * 10 >= methods * 9,
            "{as_text} of {methods} methods as text"
        );
    }
}
