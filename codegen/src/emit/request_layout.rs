//! The methods of a request builder that have bodies (`new`,
//! `to_http_request`, `parse_response`, `send`, `download`) written as the
//! text `prettyplease` prints for them. Their statements come in a few
//! shapes whose only variable parts are names, so where each breaks when it
//! does not fit is known; the rules are `prettyplease`'s (a chain breaks
//! before each `.method`, except after a short identifier at the start of a
//! line; a closure that is the last argument keeps its call on the line; a
//! struct literal wider than 34 columns is broken), checked against it on
//! every operation of the corpus. A method with a statement of another shape
//! (a multipart body, cookies, a path parameter that is not text), or with a
//! line these rules cannot be sure of, comes back as `None`, and the caller
//! lays that method out from tokens.

use super::layout::{fits, pad, string_literal, type_lines, Lines, BODY, FIELD};
use super::operations::{plain_encoding, required_arguments_named};
use super::push_ident;
use super::rust_type::{type_text, TypePath};
use crate::ir::{
    Api, BodyEncoding, Operation, Output, Param, ParamLocation, ParamStyle, PathPart, RequestBody,
    TypeRef,
};

/// The indentation of a statement nested once in a method's body.
const NESTED: usize = 12;

/// A public method written as text, with its surface.
pub(super) struct Method {
    pub(super) text: String,
    pub(super) name: &'static str,
    /// The signature as the surface spells it.
    pub(super) signature: String,
}

/// One argument of a signature: `prefix` (`name: `) and its type, as text
/// or as a type that may break inside its `<…>`.
pub(super) struct Argument<'a> {
    pub(super) prefix: String,
    pub(super) ty: ArgumentType<'a>,
}

pub(super) enum ArgumentType<'a> {
    Text(String),
    Type(&'a TypeRef),
}

/// What a method returns.
pub(super) enum Returns<'a> {
    /// A type with no place to break (`Self`, `operations::Name<'_>`).
    Plain(String),
    /// `Result<ok, Error<error>>`.
    Result { ok: ArgumentType<'a>, error: String },
}

/// The text of a type, named from the `operations` module.
fn type_string(api: &Api, ty: &TypeRef) -> String {
    let mut out = String::new();
    type_text(api, ty, TypePath::Types, &mut out);
    out
}

impl ArgumentType<'_> {
    fn text(&self, api: &Api) -> String {
        match self {
            ArgumentType::Text(text) => text.clone(),
            ArgumentType::Type(ty) => type_string(api, ty),
        }
    }
}

impl Returns<'_> {
    fn text(&self, api: &Api) -> String {
        match self {
            Returns::Plain(text) => text.clone(),
            Returns::Result { ok, error } => {
                format!("Result<{}, Error<{error}>>", ok.text(api))
            }
        }
    }
}

/// `head(arguments) -> returns {` as `prettyplease` lays out a signature:
/// on one line when it fits, else an argument a line, and the result type
/// broken inside its `<…>` when its line does not fit either. Returns the
/// signature as the surface spells it.
pub(super) fn signature_lines(
    api: &Api,
    lines: &mut Lines,
    head: &str,
    arguments: &[Argument<'_>],
    returns: &Returns<'_>,
) -> String {
    let listed: Vec<String> = arguments
        .iter()
        .map(|a| format!("{}{}", a.prefix, a.ty.text(api)))
        .collect();
    let returns_text = returns.text(api);
    let surface = format!("{head}({}) -> {returns_text}", listed.join(", "));
    let one_line = format!("{surface} {{");
    if fits(FIELD.len(), one_line.len()) {
        lines.whole(FIELD, &one_line);
    } else {
        lines.code(FIELD, |out| {
            out.push_str(head);
            out.push('(');
        });
        let last = arguments.len().saturating_sub(1);
        for (index, argument) in arguments.iter().enumerate() {
            match &argument.ty {
                ArgumentType::Type(ty) => type_lines(
                    api,
                    lines,
                    BODY.len(),
                    &argument.prefix,
                    (ty, TypePath::Types),
                    (",", index != last),
                ),
                ArgumentType::Text(_) if index == last => {
                    lines.code_then(BODY, &listed[index], ",");
                }
                ArgumentType::Text(_) => lines.code(BODY, |out| {
                    out.push_str(&listed[index]);
                    out.push(',');
                }),
            }
        }
        let close = format!(") -> {returns_text} {{");
        match returns {
            Returns::Result { ok, error } if !fits(FIELD.len(), close.len()) => {
                lines.text(FIELD, ") -> Result<");
                match ok {
                    ArgumentType::Type(ty) => type_lines(
                        api,
                        lines,
                        BODY.len(),
                        "",
                        (ty, TypePath::Types),
                        (",", true),
                    ),
                    ArgumentType::Text(text) => lines.code(BODY, |out| {
                        out.push_str(text);
                        out.push(',');
                    }),
                }
                lines.code_then(BODY, &format!("Error<{error}>"), ",");
                lines.text(FIELD, "> {");
            }
            _ => lines.text(FIELD, &close),
        }
    }
    // The surface names methods without their visibility.
    surface.trim_start_matches("pub ").to_owned()
}

/// The error type of the operation's results.
fn error_text(api: &Api, op: &Operation) -> String {
    match &op.error {
        Some(ty) => type_string(api, ty),
        None => "serde_json::Value".to_owned(),
    }
}

/// The type `send` returns on success.
fn output(op: &Operation) -> ArgumentType<'_> {
    match &op.output {
        Output::Empty => ArgumentType::Text("()".to_owned()),
        Output::Json(ty) => ArgumentType::Type(ty),
        Output::Text => ArgumentType::Text("String".to_owned()),
        Output::Bytes => ArgumentType::Text("Vec<u8>".to_owned()),
    }
}

/// `.map_err(|e| Error::build(&OP, e))?`.
fn map_err(op: &Operation) -> String {
    format!(".map_err(|e| Error::build(&{}, e))?", op.static_name)
}

/// [`map_err`] and `suffix` at `indent`; when they do not fit, the
/// closure's call is broken, an argument a line. The suffix takes room
/// unless it is the comma after the last item of a broken list.
fn map_err_lines(lines: &mut Lines, indent: usize, op: &Operation, (suffix, counts): (&str, bool)) {
    let flat = map_err(op);
    let width = flat.len() + if counts { suffix.len() } else { 0 };
    if fits(indent, width) {
        lines.whole(pad(indent), &format!("{flat}{suffix}"));
        return;
    }
    lines.text(pad(indent), ".map_err(|e| Error::build(");
    lines.code(pad(indent + 4), |out| {
        out.push('&');
        out.push_str(&op.static_name);
        out.push(',');
    });
    lines.text(pad(indent + 4), "e,");
    lines.whole(pad(indent), &format!("))?{suffix}"));
}

/// `head` followed by [`map_err`] and `suffix`: on one line when it fits,
/// else `.map_err` on a line of its own, indented once more.
fn chain_lines(
    lines: &mut Lines,
    indent: usize,
    head: &str,
    op: &Operation,
    (suffix, counts): (&str, bool),
) {
    let flat = format!("{head}{}", map_err(op));
    let width = flat.len() + if counts { suffix.len() } else { 0 };
    if fits(indent, width) {
        lines.whole(pad(indent), &format!("{flat}{suffix}"));
        return;
    }
    lines.text(pad(indent), head);
    map_err_lines(lines, indent + 4, op, (suffix, counts));
}

/// The builder's `new` (see `operations::builder_new`); crate-private, so
/// it has no surface.
pub(super) fn new_text(api: &Api, op: &Operation) -> Option<String> {
    let mut lines = Lines::new();
    let mut arguments = vec![Argument {
        prefix: "api: ".to_owned(),
        ty: ArgumentType::Text("&'a ApiClient".to_owned()),
    }];
    arguments.extend(required_argument_list(op));
    signature_lines(
        api,
        &mut lines,
        "pub(crate) fn new",
        &arguments,
        &Returns::Plain("Self".to_owned()),
    );
    let mut fields = vec!["api".to_owned()];
    for p in &op.params {
        let mut name = String::new();
        push_ident(&mut name, &p.name);
        fields.push(match (p.required, &p.ty) {
            (false, _) => format!("{name}: None"),
            (true, TypeRef::String) => format!("{name}: {name}.into()"),
            (true, _) => name,
        });
    }
    if let Some(body) = &op.body {
        fields.push(match (body.required, &body.ty) {
            (false, _) => "body: None".to_owned(),
            (true, TypeRef::String) => "body: body.into()".to_owned(),
            (true, _) => "body".to_owned(),
        });
    }
    // `prettyplease` keeps a struct literal whole when it is at most 34
    // columns wide before its closing brace.
    let flat = format!("Self {{ {} }}", fields.join(", "));
    if flat.len() - 1 <= 34 {
        lines.text(BODY, &flat);
    } else {
        lines.text(BODY, "Self {");
        for field in &fields {
            lines.code(pad(NESTED), |out| {
                out.push_str(field);
                out.push(',');
            });
        }
        lines.text(BODY, "}");
    }
    lines.text(FIELD, "}");
    lines.finish()
}

/// The required parameters and body as arguments: text taken as
/// `impl Into<String>`.
pub(super) fn required_argument_list(op: &Operation) -> impl Iterator<Item = Argument<'_>> {
    required_arguments_named(op).map(|(name, ty)| {
        let mut prefix = String::new();
        push_ident(&mut prefix, name);
        prefix.push_str(": ");
        let ty = match ty {
            TypeRef::String => ArgumentType::Text("impl Into<String>".to_owned()),
            other => ArgumentType::Type(other),
        };
        Argument { prefix, ty }
    })
}

/// `to_http_request` (see `operations::to_http_request_method`).
pub(super) fn request_text(api: &Api, op: &Operation) -> Option<Method> {
    if op
        .params
        .iter()
        .any(|p| p.location == ParamLocation::Cookie)
    {
        return None;
    }
    let mut lines = Lines::new();
    lines.doc_line(
        FIELD,
        " The HTTP request this builder describes, without sending it.",
    );
    let signature = signature_lines(
        api,
        &mut lines,
        "pub fn to_http_request",
        &[Argument {
            prefix: String::new(),
            ty: ArgumentType::Text("&self".to_owned()),
        }],
        &Returns::Result {
            ok: ArgumentType::Text("http::Request<Vec<u8>>".to_owned()),
            error: error_text(api, op),
        },
    );
    path_lines(api, op, &mut lines)?;
    if op.accept.is_some() || op.params.iter().any(|p| !plain_encoding(api, p)) {
        return None;
    }
    let in_query = |p: &&Param| p.location == ParamLocation::Query;
    let in_headers = |p: &&Param| p.location == ParamLocation::Header;
    let query: Vec<&Param> = op.params.iter().filter(in_query).collect();
    let headers: Vec<&Param> = op.params.iter().filter(in_headers).collect();
    lines.text(
        BODY,
        if query.is_empty() {
            "let query = Query::new();"
        } else {
            "let mut query = Query::new();"
        },
    );
    for p in query {
        parameter_lines(&mut lines, p, |lines| query_lines(lines, op, p))?;
    }
    lines.text(
        BODY,
        if headers.is_empty() {
            "let headers: Vec<(&str, String)> = Vec::new();"
        } else {
            "let mut headers: Vec<(&str, String)> = Vec::new();"
        },
    );
    for p in headers {
        parameter_lines(&mut lines, p, |lines| header_lines(lines, op, p))?;
    }
    body_lines(op, &mut lines)?;
    build_request_lines(op, &mut lines);
    lines.text(FIELD, "}");
    Some(Method {
        text: lines.finish()?,
        name: "to_http_request",
        signature,
    })
}

/// The statements that bind `path` (see `operations::path_statements`):
/// `None` for a path parameter that is not text.
fn path_lines(api: &Api, op: &Operation, lines: &mut Lines) -> Option<()> {
    let mut template = String::new();
    let mut segments = false;
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"));
            }
            PathPart::Param(index) => {
                let param = op.params.get(*index)?;
                if param.ty != TypeRef::String || !plain_encoding(api, param) {
                    return None;
                }
                let local = format!("segment_{}", param.name.trim_end_matches('_'));
                template.push('{');
                template.push_str(&local);
                template.push('}');
                segment_lines(lines, op, &local, param);
                segments = true;
            }
        }
    }
    let literal = string_literal(&template);
    let (call, comma) = if segments {
        ("format!(", "")
    } else {
        ("String::from(", ",")
    };
    let flat = format!("let path = {call}{literal});");
    if fits(BODY.len(), flat.len()) {
        lines.whole(BODY, &flat);
    } else {
        lines.text(BODY, &format!("let path = {call}"));
        // A literal has no place to break: its line stays whole.
        lines.whole(pad(NESTED), &format!("{literal}{comma}"));
        lines.text(BODY, ");");
    }
    Some(())
}

/// `let segment_x = fax_runtime::encode::path_segment(self.x.as_str())` and
/// its `.map_err(…)?;`.
fn segment_lines(lines: &mut Lines, op: &Operation, local: &str, param: &Param) {
    let mut argument = String::from("self.");
    push_ident(&mut argument, &param.name);
    argument.push_str(".as_str()");
    let call = format!("let {local} = fax_runtime::encode::path_segment({argument})");
    let flat = format!("{call}{};", map_err(op));
    if fits(BODY.len(), flat.len()) {
        lines.whole(BODY, &flat);
        return;
    }
    if fits(BODY.len(), call.len()) {
        lines.whole(BODY, &call);
    } else {
        lines.text(
            BODY,
            &format!("let {local} = fax_runtime::encode::path_segment("),
        );
        lines.code_then(pad(NESTED + 4), &argument, ",");
        lines.text(pad(NESTED), ")");
    }
    map_err_lines(lines, NESTED, op, (";", true));
}

/// A parameter's statement, run only when it is set (`if let Some(value) =
/// &self.x { … }`) or, for a required one, in a block binding `value`.
fn parameter_lines(
    lines: &mut Lines,
    p: &Param,
    statement: impl FnOnce(&mut Lines) -> Option<()>,
) -> Option<()> {
    let mut field = String::from("&self.");
    push_ident(&mut field, &p.name);
    if p.required {
        lines.text(BODY, "{");
        lines.text(pad(NESTED), &format!("let value = {field};"));
    } else {
        lines.text(BODY, &format!("if let Some(value) = {field} {{"));
    }
    statement(lines)?;
    lines.text(BODY, "}");
    Some(())
}

/// A query parameter's push (see `operations::query_statements`).
fn query_lines(lines: &mut Lines, op: &Operation, p: &Param) -> Option<()> {
    let wire = string_literal(&p.wire_name);
    let fallible = match (&p.ty, p.style) {
        (_, ParamStyle::DeepObject) => "push_deep_object",
        (TypeRef::DateTime, _) => {
            lines.text(
                pad(NESTED),
                &format!("query.push_date_time({wire}, value);"),
            );
            return Some(());
        }
        (TypeRef::Vec(_), _) if p.ty == TypeRef::Vec(Box::new(TypeRef::DateTime)) => return None,
        (TypeRef::String, _) => {
            lines.text(pad(NESTED), &format!("query.push({wire}, value);"));
            return Some(());
        }
        _ => "push_value",
    };
    let call = format!(".{fallible}({wire}, value)");
    let flat = format!("query{call}{};", map_err(op));
    if fits(NESTED, flat.len()) {
        lines.whole(pad(NESTED), &flat);
    } else {
        lines.text(pad(NESTED), "query");
        lines.text(pad(NESTED + 4), &call);
        map_err_lines(lines, NESTED + 4, op, (";", true));
    }
    Some(())
}

/// A header parameter's push (see `operations::header_statements`): never
/// short enough for one line, so broken before `.push` and inside it.
fn header_lines(lines: &mut Lines, op: &Operation, p: &Param) -> Option<()> {
    let header = string_literal(&p.wire_name.to_ascii_lowercase());
    let value = "fax_runtime::encode::text(value)";
    let push = format!(".push(({header}, {value}{}));", map_err(op));
    // Shorter forms exist, but no generated name is that short.
    if fits(NESTED, "headers".len() + push.len()) || fits(NESTED + 4, push.len()) {
        return None;
    }
    lines.text(pad(NESTED), "headers");
    lines.text(pad(NESTED + 4), ".push((");
    lines.code(pad(NESTED + 8), |out| {
        out.push_str(&header);
        out.push(',');
    });
    chain_lines(lines, NESTED + 8, value, op, (",", false));
    lines.text(pad(NESTED + 4), "));");
    Some(())
}

/// How a body is encoded: the call, and whether it can fail. `None` for a
/// multipart body.
fn encoding(body: &RequestBody) -> Option<(String, bool)> {
    Some(match &body.encoding {
        BodyEncoding::Json(content_type) if content_type == "application/json" => {
            ("Body::json(body)".to_owned(), true)
        }
        BodyEncoding::Json(content_type) => (
            format!("Body::json_as({}, body)", string_literal(content_type)),
            true,
        ),
        BodyEncoding::Form if body.field_styles.is_empty() => ("Body::form(body)".to_owned(), true),
        BodyEncoding::Form => return None,
        BodyEncoding::Raw(content_type) => {
            let bytes = match body.ty {
                TypeRef::String => "body.clone().into_bytes()",
                _ => "body.bytes().to_vec()",
            };
            (
                format!("Body::raw({}, {bytes})", string_literal(content_type)),
                false,
            )
        }
        BodyEncoding::Multipart => return None,
    })
}

/// `let body = …;` (see `operations::body_expression`).
fn body_lines(op: &Operation, lines: &mut Lines) -> Option<()> {
    let Some(body) = &op.body else {
        lines.text(BODY, "let body = Body::Empty;");
        return Some(());
    };
    let (encode, fallible) = encoding(body)?;
    let tail = |lines: &mut Lines, indent: usize| {
        if fallible {
            chain_lines(lines, indent, &encode, op, ("", true));
        } else {
            lines.text(pad(indent), &encode);
        }
    };
    if body.required {
        lines.text(BODY, "let body = {");
        lines.text(pad(NESTED), "let body = &self.body;");
        tail(lines, NESTED);
        lines.text(BODY, "};");
        return Some(());
    }
    lines.text(BODY, "let body = match &self.body {");
    let error = if fallible { map_err(op) } else { String::new() };
    let arm = format!("Some(body) => {encode}{error}");
    // The comma after an arm takes no room.
    if fits(NESTED, arm.len()) {
        lines.whole(pad(NESTED), &format!("{arm},"));
    } else {
        lines.text(pad(NESTED), "Some(body) => {");
        tail(lines, NESTED + 4);
        lines.text(pad(NESTED), "}");
    }
    lines.text(pad(NESTED), "None => Body::Empty,");
    lines.text(BODY, "};");
    Some(())
}

/// `self.api.build_request(&OP, &path, &query, &headers, body)`: `self` is
/// short enough to keep `.api` on its line when the chain breaks.
fn build_request_lines(op: &Operation, lines: &mut Lines) {
    let arguments = [
        format!("&{}", op.static_name),
        "&path".to_owned(),
        "&query".to_owned(),
        "&headers".to_owned(),
        "body".to_owned(),
    ];
    let call = format!(".build_request({})", arguments.join(", "));
    if fits(BODY.len(), "self.api".len() + call.len()) {
        lines.whole(BODY, &format!("self.api{call}"));
        return;
    }
    lines.text(BODY, "self.api");
    if fits(NESTED, call.len()) {
        lines.whole(pad(NESTED), &call);
        return;
    }
    lines.text(pad(NESTED), ".build_request(");
    call_arguments(lines, NESTED + 4, &arguments);
    lines.text(pad(NESTED), ")");
}

/// A call standing as a method's last statement: `function(arguments)` on
/// one line when it fits, else its arguments a line. `function` ends in `(`.
pub(super) fn call_lines(lines: &mut Lines, function: &str, arguments: &[String]) {
    let flat = format!("{function}{})", arguments.join(", "));
    if fits(BODY.len(), flat.len()) {
        lines.whole(BODY, &flat);
    } else {
        lines.text(BODY, function);
        call_arguments(lines, NESTED, arguments);
        lines.text(BODY, ")");
    }
}

/// Arguments a line, each followed by a comma.
fn call_arguments(lines: &mut Lines, indent: usize, arguments: &[String]) {
    let last = arguments.len().saturating_sub(1);
    for (index, argument) in arguments.iter().enumerate() {
        if index == last {
            lines.code_then(pad(indent), argument, ",");
        } else {
            lines.code(pad(indent), |out| {
                out.push_str(argument);
                out.push(',');
            });
        }
    }
}

/// `parse_response` (see `operations::parse_response_method`).
pub(super) fn parse_response_text(api: &Api, op: &Operation) -> Option<Method> {
    let mut lines = Lines::new();
    lines.doc_line(
        FIELD,
        " Reads this operation's result from a response, however it was received.",
    );
    let signature = signature_lines(
        api,
        &mut lines,
        "pub fn parse_response",
        &[Argument {
            prefix: "response: ".to_owned(),
            ty: ArgumentType::Text("http::Response<Vec<u8>>".to_owned()),
        }],
        &Returns::Result {
            ok: output(op),
            error: error_text(api, op),
        },
    );
    let reader = match &op.output {
        Output::Empty => "empty",
        Output::Json(_) => "json",
        Output::Text => "text",
        Output::Bytes => "bytes",
    };
    let function = format!("fax_runtime::response::{reader}(");
    let arguments = [format!("&{}", op.static_name), "response".to_owned()];
    call_lines(&mut lines, &function, &arguments);
    lines.text(FIELD, "}");
    Some(Method {
        text: lines.finish()?,
        name: "parse_response",
        signature,
    })
}

/// `send` (see `operations::send_method`).
pub(super) fn send_text(api: &Api, op: &Operation) -> Option<Method> {
    let mut lines = Lines::new();
    lines.doc_line(
        FIELD,
        " Sends the request with the client's transport, retrying as its policy allows.",
    );
    let signature = signature_lines(
        api,
        &mut lines,
        "pub async fn send",
        &[self_argument()],
        &Returns::Result {
            ok: output(op),
            error: error_text(api, op),
        },
    );
    lines.text(BODY, "let request = self.to_http_request()?;");
    let arguments = [format!("&{}", op.static_name), "request".to_owned()];
    let call = format!(".execute({})", arguments.join(", "));
    let flat = format!("let response = self.api{call}.await?;");
    if fits(BODY.len(), flat.len()) {
        lines.whole(BODY, &flat);
    } else {
        // Not at the start of its line, `self` does not hold `.api` to it.
        lines.text(BODY, "let response = self");
        lines.text(pad(NESTED), ".api");
        if fits(NESTED, call.len()) {
            lines.whole(pad(NESTED), &call);
        } else {
            lines.text(pad(NESTED), ".execute(");
            call_arguments(&mut lines, NESTED + 4, &arguments);
            lines.text(pad(NESTED), ")");
        }
        lines.text(pad(NESTED), ".await?;");
    }
    lines.text(BODY, "Self::parse_response(response)");
    lines.text(FIELD, "}");
    Some(Method {
        text: lines.finish()?,
        name: "send",
        signature,
    })
}

/// `download`, for an operation whose result is bytes (see
/// `operations::download_method`).
pub(super) fn download_text(api: &Api, op: &Operation) -> Option<Method> {
    let mut lines = Lines::new();
    lines.doc_line(
        FIELD,
        " Sends the request like `send`, but hands over the body as it",
    );
    lines.doc_line(
        FIELD,
        " arrives instead of holding it whole: for files of any size.",
    );
    let error = error_text(api, op);
    let signature = signature_lines(
        api,
        &mut lines,
        "pub async fn download",
        &[self_argument()],
        &Returns::Result {
            ok: ArgumentType::Text(format!("fax_runtime::Download<{error}>")),
            error,
        },
    );
    lines.text(BODY, "let request = self.to_http_request()?;");
    lines.text(
        BODY,
        &format!("self.api.download(&{}, request).await", op.static_name),
    );
    lines.text(FIELD, "}");
    Some(Method {
        text: lines.finish()?,
        name: "download",
        signature,
    })
}

fn self_argument() -> Argument<'static> {
    Argument {
        prefix: String::new(),
        ty: ArgumentType::Text("self".to_owned()),
    }
}
