//! Request builders: one struct per operation, with required parameters as
//! constructor arguments, optional ones as setters, and `to_http_request`,
//! `parse_response`, `send` (and `download` for binary responses, `stream`
//! for list operations).

use super::client::mentions_named;
use super::docs::doc_attrs;
use super::ident;
use super::rust_type::{argument_type, argument_value, rust_type_in, TypePath};
use crate::ir::{
    Api, BodyEncoding, FieldPath, Operation, Output, Pagination, Param, ParamLocation, ParamStyle,
    PathPart, RequestBody, SchemeKind, TypeKind, TypeRef,
};
use crate::lower::{capped, BUILDER_FIELDS, BUILDER_METHODS};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The `operations` module's docs and `use` lines.
pub fn operations_head(api: &Api) -> TokenStream {
    let docs = super::docs::inner_doc_attrs(&format!(
        "Request builders for {}: one per operation, made by the methods of [`super::Client`].",
        api.title
    ));
    let security = security_items(api);
    let uses_types = api.operations.iter().any(|op| {
        op.params.iter().any(|p| mentions_named(&p.ty))
            || op.body.as_ref().is_some_and(|b| mentions_named(&b.ty))
            || matches!(&op.output, Output::Json(ty) if mentions_named(ty))
            || op.error.as_ref().is_some_and(mentions_named)
    });
    let import_types = uses_types.then(|| {
        quote!(
            use super::types;
        )
    });
    quote! {
        #docs
        #import_types
        use fax_runtime::encode::{Body, Query};
        use fax_runtime::{http, ApiClient, Error, Operation};

        #security
    }
}

/// A `const` for each security scheme the operations use, then one for
/// each distinct list of requirements they name in their `static`s.
fn security_items(api: &Api) -> TokenStream {
    let used = |index: usize| {
        api.security_sets
            .iter()
            .any(|set| set.requirements.iter().flatten().any(|&i| i == index))
    };
    let schemes = api
        .security_schemes
        .iter()
        .enumerate()
        .filter(|(index, _)| used(*index))
        .map(|(_, scheme)| {
            let name = format_ident!("{}", scheme.const_name);
            let wire = &scheme.name;
            let value = match &scheme.kind {
                SchemeKind::ApiKey { name, location } => {
                    let location = match location {
                        ParamLocation::Query => quote!(Query),
                        ParamLocation::Cookie => quote!(Cookie),
                        ParamLocation::Header | ParamLocation::Path => quote!(Header),
                    };
                    quote!(fax_runtime::SecurityScheme::api_key(#wire, #name, fax_runtime::KeyLocation::#location))
                }
                SchemeKind::Basic => quote!(fax_runtime::SecurityScheme::basic(#wire)),
                SchemeKind::Bearer { .. } => quote!(fax_runtime::SecurityScheme::bearer(#wire)),
                SchemeKind::Http { scheme } => {
                    quote!(fax_runtime::SecurityScheme::http(#wire, #scheme))
                }
                SchemeKind::MutualTls => quote!(fax_runtime::SecurityScheme::mutual_tls(#wire)),
            };
            let docs = doc_attrs(&format!("The security scheme `{wire}`."));
            quote! {
                #docs
                const #name: fax_runtime::SecurityScheme = #value;
            }
        });
    let sets = api.security_sets.iter().map(|set| {
        let name = format_ident!("{}", set.const_name);
        let requirements = set.requirements.iter().map(|requirement| {
            let schemes = requirement
                .iter()
                .map(|&i| format_ident!("{}", api.security_schemes[i].const_name));
            quote!(&[#(#schemes),*])
        });
        let alternatives: Vec<String> = set
            .requirements
            .iter()
            .map(|requirement| {
                let names: Vec<String> = requirement
                    .iter()
                    .map(|&i| format!("`{}`", api.security_schemes[i].name))
                    .collect();
                if names.is_empty() {
                    "nothing".to_owned()
                } else {
                    names.join(" and ")
                }
            })
            .collect();
        let docs = doc_attrs(&if alternatives.is_empty() {
            "Requests carry no credentials.".to_owned()
        } else {
            format!("Requests carry {}.", alternatives.join(", or "))
        });
        quote! {
            #docs
            const #name: fax_runtime::security::Security = &[#(#requirements),*];
        }
    });
    quote!(#(#schemes)* #(#sets)*)
}

/// The items of the operation at `index` of [`Api::operations`], parsed.
pub fn emit_operation_items(api: &Api, index: usize) -> Result<Vec<syn::Item>, String> {
    let tokens = emit_operation(api, &api.operations[index]);
    syn::parse2::<syn::File>(tokens)
        .map(|file| file.items)
        .map_err(|e| format!("the generator produced invalid Rust: {e}"))
}

pub(crate) fn static_name(op: &Operation) -> Ident {
    format_ident!("{}", op.static_name)
}

pub(crate) fn error_type(api: &Api, op: &Operation) -> TokenStream {
    match &op.error {
        Some(ty) => rust_type_in(api, ty, TypePath::Types),
        None => quote!(serde_json::Value),
    }
}

pub(crate) fn output_type(api: &Api, op: &Operation) -> TokenStream {
    match &op.output {
        Output::Empty => quote!(()),
        Output::Json(ty) => rust_type_in(api, ty, TypePath::Types),
        Output::Text => quote!(String),
        Output::Bytes => quote!(Vec<u8>),
    }
}

/// Required parameters, then a required body: the arguments of a builder's constructor.
pub(crate) fn required_arguments(op: &Operation) -> Vec<(Ident, TypeRef)> {
    required_arguments_named(op)
        .map(|(name, ty)| (ident(name), ty.clone()))
        .collect()
}

/// [`required_arguments`] by name.
pub(crate) fn required_arguments_named(
    op: &Operation,
) -> impl Iterator<Item = (&str, &TypeRef)> + '_ {
    let params = op.params.iter().filter(|p| p.required);
    let body = op.body.as_ref().filter(|b| b.required);
    params
        .map(|p| (p.name.as_str(), &p.ty))
        .chain(body.map(|b| ("body", &b.ty)))
}

/// The docs of an operation, for its builder and its client method.
pub(crate) fn operation_docs(op: &Operation) -> String {
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(summary.trim());
        if !summary.trim_end().ends_with('.') {
            text.push('.');
        }
    }
    if let Some(doc) = &op.doc {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(doc);
    }
    if text.is_empty() {
        text = format!("The `{}` operation.", op.id);
    }
    text.push_str(&format!("\n\n`{} {}`", op.method, op.path));
    if op.deprecated {
        text.push_str("\n\n**Deprecated** in the spec.");
    }
    text
}

fn emit_operation(api: &Api, op: &Operation) -> TokenStream {
    let builder = format_ident!("{}", op.builder_name);
    let statics = operation_static(api, op);
    let structure = builder_struct(api, op);
    let new = builder_new(api, op);
    let setters: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(|p| param_setter(api, p))
        .collect();
    let rest = builder_rest(api, op);
    quote! {
        #statics
        #structure
        impl<'a> #builder<'a> {
            #new
            #(#setters)*
            #rest
        }
    }
}

/// The operation's `static`: what the runtime needs to know of it.
pub(super) fn operation_static(api: &Api, op: &Operation) -> TokenStream {
    let operation = static_name(op);
    let id = &op.id;
    let method = format_ident!("{}", op.method);
    let path_template = &op.path;
    let request_id = match &api.request_id_header {
        Some(header) => quote!(Some(#header)),
        None => quote!(None),
    };
    let security = format_ident!("{}", api.security_sets[op.security].const_name);
    quote! {
        static #operation: Operation = Operation {
            id: #id,
            method: http::Method::#method,
            path: #path_template,
            request_id_header: #request_id,
            security: #security,
        };
    }
}

/// The builder's struct: the client, then a field per parameter and the body.
pub(super) fn builder_struct(api: &Api, op: &Operation) -> TokenStream {
    let builder = format_ident!("{}", op.builder_name);
    let docs = doc_attrs(&operation_docs(op));
    let fields = op.params.iter().map(|p| {
        let name = ident(&p.name);
        let ty = rust_type_in(api, &p.ty, TypePath::Types);
        if p.required {
            quote!(#name: #ty,)
        } else {
            quote!(#name: Option<#ty>,)
        }
    });
    let body_field = op.body.as_ref().map(|body| {
        let ty = rust_type_in(api, &body.ty, TypePath::Types);
        if body.required {
            quote!(body: #ty,)
        } else {
            quote!(body: Option<#ty>,)
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request builder does nothing until it is sent"]
        pub struct #builder<'a> {
            api: &'a ApiClient,
            #(#fields)*
            #body_field
        }
    }
}

/// The builder's `new`, taking the required parameters and body.
pub(super) fn builder_new(api: &Api, op: &Operation) -> TokenStream {
    let arguments = required_arguments(op);
    let argument_list = arguments.iter().map(|(name, ty)| {
        let ty = argument_type(api, ty, TypePath::Types);
        quote!(#name: #ty)
    });
    let initialisers = op.params.iter().map(|p| {
        let name = ident(&p.name);
        if p.required && p.ty != TypeRef::String {
            // The argument has the field's name and type: the shorthand.
            quote!(#name,)
        } else if p.required {
            let value = argument_value(&p.ty, &name);
            quote!(#name: #value,)
        } else {
            quote!(#name: None,)
        }
    });
    let body_initialiser = op.body.as_ref().map(|body| {
        if body.required && body.ty == TypeRef::String {
            quote!(body: body.into(),)
        } else if body.required {
            quote!(body,)
        } else {
            quote!(body: None,)
        }
    });
    quote! {
        pub(crate) fn new(api: &'a ApiClient, #(#argument_list),*) -> Self {
            Self {
                api,
                #(#initialisers)*
                #body_initialiser
            }
        }
    }
}

/// The builder's methods after its parameter setters: the `deepObject` leaf
/// setters, the body setter, and what builds, sends and reads the request.
pub(super) fn builder_rest(api: &Api, op: &Operation) -> TokenStream {
    let setters = rest_setters(api, op);
    let request = to_http_request_method(api, op);
    let parse = parse_response_method(api, op);
    let send = send_method(api, op);
    let download = download_method(api, op);
    let stream = stream_of(api, op);
    quote! {
        #setters
        #request
        #parse
        #send
        #download
        #stream
    }
}

/// The `deepObject` leaf setters and the body setter.
pub(super) fn rest_setters(api: &Api, op: &Operation) -> TokenStream {
    let leaf_setters = deep_object_setters(api, op);
    let body_setter = body_setter(api, op);
    quote! {
        #(#leaf_setters)*
        #body_setter
    }
}

/// The setter of an optional body; nothing for a required one.
pub(super) fn body_setter(api: &Api, op: &Operation) -> TokenStream {
    let Some(body) = op.body.as_ref().filter(|b| !b.required) else {
        return TokenStream::new();
    };
    let ty = rust_type_in(api, &body.ty, TypePath::Types);
    let docs = doc_attrs(body_setter_docs(body));
    quote! {
        #docs
        pub fn body(mut self, body: #ty) -> Self {
            self.body = Some(body);
            self
        }
    }
}

/// The docs of the body setter.
pub(super) fn body_setter_docs(body: &RequestBody) -> &str {
    body.doc.as_deref().unwrap_or("Sets the request body.")
}

/// `to_http_request`: the request the builder describes.
pub(super) fn to_http_request_method(api: &Api, op: &Operation) -> TokenStream {
    let operation = static_name(op);
    let error = error_type(api, op);
    let path_binding = path_statements(api, op);
    let query = query_statements(api, op);
    let headers = header_statements(api, op);
    let body = body_expression(api, op);
    let query_mut = (!query.is_empty()).then(|| quote!(mut));
    let headers_mut = (!headers.is_empty()).then(|| quote!(mut));
    // A response that is not JSON is asked for by its media types.
    let headers_init = match &op.accept {
        Some(accept) => quote!(vec![("accept", #accept.to_owned())]),
        None => quote!(Vec::new()),
    };
    quote! {
        /// The HTTP request this builder describes, without sending it.
        pub fn to_http_request(&self) -> Result<http::Request<Vec<u8>>, Error<#error>> {
            #path_binding
            let #query_mut query = Query::new();
            #(#query)*
            let #headers_mut headers: Vec<(&str, String)> = #headers_init;
            #(#headers)*
            let body = #body;
            self.api.build_request(&#operation, &path, &query, &headers, body)
        }
    }
}

/// `parse_response`: the result read from a response.
pub(super) fn parse_response_method(api: &Api, op: &Operation) -> TokenStream {
    let operation = static_name(op);
    let error = error_type(api, op);
    let output = output_type(api, op);
    let parse = match &op.output {
        Output::Empty => quote!(fax_runtime::response::empty(&#operation, response)),
        Output::Json(_) => quote!(fax_runtime::response::json(&#operation, response)),
        Output::Text => quote!(fax_runtime::response::text(&#operation, response)),
        Output::Bytes => quote!(fax_runtime::response::bytes(&#operation, response)),
    };
    quote! {
        /// Reads this operation's result from a response, however it was received.
        pub fn parse_response(response: http::Response<Vec<u8>>) -> Result<#output, Error<#error>> {
            #parse
        }
    }
}

/// `send`: the request sent and its result read.
pub(super) fn send_method(api: &Api, op: &Operation) -> TokenStream {
    let operation = static_name(op);
    let error = error_type(api, op);
    let output = output_type(api, op);
    quote! {
        /// Sends the request with the client's transport, retrying as its policy allows.
        pub async fn send(self) -> Result<#output, Error<#error>> {
            let request = self.to_http_request()?;
            let response = self.api.execute(&#operation, request).await?;
            Self::parse_response(response)
        }
    }
}

/// `download`, for an operation whose result is bytes; nothing otherwise.
pub(super) fn download_method(api: &Api, op: &Operation) -> TokenStream {
    if op.output != Output::Bytes {
        return TokenStream::new();
    }
    let operation = static_name(op);
    let error = error_type(api, op);
    quote! {
        /// Sends the request like `send`, but hands over the body as it
        /// arrives instead of holding it whole: for files of any size.
        pub async fn download(self) -> Result<fax_runtime::Download<#error>, Error<#error>> {
            let request = self.to_http_request()?;
            self.api.download(&#operation, request).await
        }
    }
}

/// `stream`, for a list operation; nothing otherwise.
pub(super) fn stream_of(api: &Api, op: &Operation) -> TokenStream {
    let error = error_type(api, op);
    op.pagination
        .as_ref()
        .map(|p| stream_method(api, op, p, &error))
        .unwrap_or_default()
}

/// A parameter setter's docs: the parameter's, or where it goes.
pub(super) fn param_docs(p: &Param) -> String {
    let location = match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    let fallback = format!("Sets the `{}` {location} parameter.", p.wire_name);
    let mut text = p.doc.clone().unwrap_or(fallback);
    if p.deprecated {
        text.push_str("\n\n**Deprecated** in the spec.");
    }
    text
}

fn param_setter(api: &Api, p: &Param) -> TokenStream {
    let name = ident(&p.name);
    let docs = doc_attrs(&param_docs(p));
    let ty = argument_type(api, &p.ty, TypePath::Types);
    let value = argument_value(&p.ty, &name);
    quote! {
        #docs
        pub fn #name(mut self, #name: #ty) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

/// Setters for the leaves of optional `deepObject` parameters, so that
/// `.page_size(50)` or `.filter_direction_eq(Direction::Outbound)` stand
/// beside `.page(FaxPageParams { .. })`. Only objects whose fields are all
/// optional (and so have a `Default`) are walked; a name another method
/// already has is left to that method.
pub(super) fn deep_object_setters(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let mut taken: Vec<String> = BUILDER_METHODS
        .iter()
        .chain(BUILDER_FIELDS)
        .map(|n| (*n).to_owned())
        .collect();
    taken.extend(op.params.iter().map(|p| p.name.clone()));
    let mut setters = Vec::new();
    for param in op
        .params
        .iter()
        .filter(|p| !p.required && p.style == ParamStyle::DeepObject)
    {
        let root = ident(&param.name);
        let mut path = Vec::new();
        walk_leaves(
            api,
            &param.ty,
            &param.name,
            &mut path,
            0,
            &mut |name, steps, leaf| {
                // Leaf names join several field names: keep them as short as any other.
                let name = capped(name.to_owned(), "_");
                if taken.contains(&name) {
                    return;
                }
                setters.push(leaf_setter(api, param, &root, &name, steps, leaf));
                taken.push(name);
            },
        );
    }
    setters
}

type Leaf<'a> = &'a crate::ir::Field;

fn walk_leaves<'a>(
    api: &'a Api,
    ty: &TypeRef,
    prefix: &str,
    path: &mut Vec<Leaf<'a>>,
    depth: usize,
    visit: &mut dyn FnMut(&str, &[Leaf<'a>], Leaf<'a>),
) {
    let Some(fields) = struct_fields(api, ty) else {
        return;
    };
    if depth > 3 || !fields.iter().all(|f| matches!(f.ty, TypeRef::Option(_))) {
        return;
    }
    for field in fields {
        let TypeRef::Option(inner) = &field.ty else {
            continue;
        };
        let name = format!("{prefix}_{}", field.name.trim_end_matches('_'));
        if struct_fields(api, inner).is_some() {
            path.push(field);
            walk_leaves(api, inner, &name, path, depth + 1, visit);
            path.pop();
        } else {
            visit(&name, path, field);
        }
    }
}

fn leaf_setter(
    api: &Api,
    param: &Param,
    root: &Ident,
    name: &str,
    steps: &[Leaf<'_>],
    leaf: Leaf<'_>,
) -> TokenStream {
    let setter = ident(name);
    let TypeRef::Option(inner) = &leaf.ty else {
        return TokenStream::new();
    };
    let ty = argument_type(api, inner, TypePath::Types);
    let value = argument_value(inner, &format_ident!("value"));
    let field = ident(&leaf.name);
    let mut wire = param.wire_name.clone();
    for step in steps {
        wire.push_str(&format!("[{}]", step.wire_name));
    }
    wire.push_str(&format!("[{}]", leaf.wire_name));
    let about = leaf.doc.clone().unwrap_or_default();
    let docs = doc_attrs(&format!("Sets `{wire}`. {about}"));
    let descend = steps.iter().map(|step| {
        let step = ident(&step.name);
        quote!(let object = object.#step.get_or_insert_with(Default::default);)
    });
    quote! {
        #docs
        pub fn #setter(mut self, value: #ty) -> Self {
            let object = self.#root.get_or_insert_with(Default::default);
            #(#descend)*
            object.#field = Some(#value);
            self
        }
    }
}

/// Statements that bind `path`: each path parameter encoded as one segment
/// into a local `segment_*`, then the template filled in with them.
fn path_statements(api: &Api, op: &Operation) -> TokenStream {
    let operation = static_name(op);
    let mut template = String::new();
    let mut segments = Vec::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathPart::Param(index) => {
                let param = &op.params[*index];
                let name = ident(&param.name);
                let local = format_ident!("segment_{}", param.name.trim_end_matches('_'));
                template.push_str(&format!("{{{local}}}"));
                if !plain_encoding(api, param) {
                    let wire = &param.wire_name;
                    let style = style_expression(param);
                    let value = styled_value(api, &param.ty, quote!(&self.#name));
                    segments.push(quote! {
                        let #local = fax_runtime::style::path(#wire, #style, #value)
                            .map_err(|e| Error::build(&#operation, e))?;
                    });
                    continue;
                }
                let text = match &param.ty {
                    TypeRef::String => quote!(self.#name.as_str()),
                    TypeRef::DateTime => quote!(&fax_runtime::encode::date_time(&self.#name)),
                    _ => quote! {
                        &fax_runtime::encode::text(&self.#name)
                            .map_err(|e| Error::build(&#operation, e))?
                    },
                };
                segments.push(quote! {
                    let #local = fax_runtime::encode::path_segment(#text)
                        .map_err(|e| Error::build(&#operation, e))?;
                });
            }
        }
    }
    if segments.is_empty() {
        quote!(let path = String::from(#template);)
    } else {
        quote! {
            #(#segments)*
            let path = format!(#template);
        }
    }
}

fn query_statements(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let operation = static_name(op);
    op.params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| {
            let wire = &p.wire_name;
            let value = quote!(value);
            if !plain_encoding(api, p) {
                let style = style_expression(p);
                let value = styled_value(api, &p.ty, value);
                return wrap_optional(
                    p,
                    quote! {
                        query.push_styled(#wire, #style, #value).map_err(|e| Error::build(&#operation, e))?;
                    },
                );
            }
            let push = match (&p.ty, p.style) {
                (_, ParamStyle::DeepObject) => quote! {
                    query.push_deep_object(#wire, #value).map_err(|e| Error::build(&#operation, e))?;
                },
                (TypeRef::DateTime, _) => quote!(query.push_date_time(#wire, #value);),
                (TypeRef::Vec(inner), _) if **inner == TypeRef::DateTime => quote! {
                    for item in #value {
                        query.push_date_time(#wire, item);
                    }
                },
                (TypeRef::String, _) => quote!(query.push(#wire, #value);),
                _ => quote! {
                    query.push_value(#wire, #value).map_err(|e| Error::build(&#operation, e))?;
                },
            };
            wrap_optional(p, push)
        })
        .collect()
}

/// Whether the parameter's encoding is the location's default one for a
/// value of its kind, which the plain calls (`query.push`,
/// `encode::path_segment`, `encode::text`) write exactly; every other
/// style goes through `fax_runtime::style`.
pub(super) fn plain_encoding(api: &Api, p: &Param) -> bool {
    // An alias (`pub type Timestamp = OffsetDateTime`) is encoded as what it
    // stands for, which the styled path looks through.
    if p.allow_reserved || api.through_aliases(&p.ty) != &p.ty {
        return false;
    }
    // A header's date-time is RFC 3339 text, which the styled path writes.
    if p.location == ParamLocation::Header && p.ty == TypeRef::DateTime {
        return false;
    }
    match (p.location, p.style) {
        (ParamLocation::Query, ParamStyle::Form) => p.explode,
        (ParamLocation::Query, ParamStyle::DeepObject) => true,
        (ParamLocation::Path | ParamLocation::Header, ParamStyle::Simple) => is_scalar(api, &p.ty),
        _ => false,
    }
}

/// A string, number, boolean, date-time or string enum: one value on the wire.
fn is_scalar(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String
        | TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::DateTime => true,
        TypeRef::Named(id) => matches!(
            api.types.get(id.0).map(|t| &t.kind),
            Some(TypeKind::Enum(_))
        ),
        _ => false,
    }
}

/// `fax_runtime::Style::…` for the parameter.
fn style_expression(p: &Param) -> TokenStream {
    style_tokens(p.style, p.explode, p.allow_reserved)
}

/// `fax_runtime::Style::…` for a style, `explode` and `allowReserved`.
fn style_tokens(style: ParamStyle, explode: bool, allow_reserved: bool) -> TokenStream {
    let style = match style {
        ParamStyle::Simple => quote!(fax_runtime::Style::simple(#explode)),
        ParamStyle::Label => quote!(fax_runtime::Style::label(#explode)),
        ParamStyle::Matrix => quote!(fax_runtime::Style::matrix(#explode)),
        ParamStyle::Form => quote!(fax_runtime::Style::form(#explode)),
        ParamStyle::SpaceDelimited => quote!(fax_runtime::Style::space_delimited(#explode)),
        ParamStyle::PipeDelimited => quote!(fax_runtime::Style::pipe_delimited(#explode)),
        ParamStyle::DeepObject => quote!(fax_runtime::Style::deep_object()),
        ParamStyle::Json => quote!(fax_runtime::Style::json()),
    };
    if allow_reserved {
        quote!(#style.allow_reserved())
    } else {
        style
    }
}

/// The value a style encodes: date-times as RFC 3339 text (how vendors
/// read them in parameters), everything else as it serializes.
fn styled_value(api: &Api, ty: &TypeRef, value: TokenStream) -> TokenStream {
    match api.through_aliases(ty) {
        TypeRef::DateTime => quote!(&fax_runtime::encode::date_time(#value)),
        TypeRef::Vec(inner) if **inner == TypeRef::DateTime => quote! {
            &#value.iter().map(fax_runtime::encode::date_time).collect::<Vec<_>>()
        },
        _ => value,
    }
}

/// `let value = &self.x; …` for a required parameter, `if let Some(value) = …` otherwise.
fn wrap_optional(p: &Param, statement: TokenStream) -> TokenStream {
    let name = ident(&p.name);
    if p.required {
        quote! {
            {
                let value = &self.#name;
                #statement
            }
        }
    } else {
        quote! {
            if let Some(value) = &self.#name {
                #statement
            }
        }
    }
}

fn header_statements(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let operation = static_name(op);
    let mut statements: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|p| {
            let header = p.wire_name.to_ascii_lowercase();
            if !plain_encoding(api, p) {
                let wire = &p.wire_name;
                let style = style_expression(p);
                let value = styled_value(api, &p.ty, quote!(value));
                return wrap_optional(
                    p,
                    quote! {
                        if let Some(text) = fax_runtime::style::header(#wire, #style, #value).map_err(|e| Error::build(&#operation, e))? {
                            headers.push((#header, text));
                        }
                    },
                );
            }
            let push = quote! {
                headers.push((#header, fax_runtime::encode::text(value).map_err(|e| Error::build(&#operation, e))?));
            };
            wrap_optional(p, push)
        })
        .collect();
    let cookies: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .collect();
    if !cookies.is_empty() {
        let pushes = cookies.iter().map(|p| {
            let wire = &p.wire_name;
            let style = style_expression(p);
            let value = styled_value(api, &p.ty, quote!(value));
            let push = quote! {
                cookies.extend(fax_runtime::style::cookie(#wire, #style, #value).map_err(|e| Error::build(&#operation, e))?);
            };
            wrap_optional(p, push)
        });
        statements.push(quote! {
            let mut cookies: Vec<String> = Vec::new();
            #(#pushes)*
            if !cookies.is_empty() {
                headers.push(("cookie", cookies.join("; ")));
            }
        });
    }
    statements
}

fn body_expression(api: &Api, op: &Operation) -> TokenStream {
    let Some(body) = &op.body else {
        return quote!(Body::Empty);
    };
    let operation = static_name(op);
    let value = quote!(body);
    let encode = encode_body(api, body, &value, &operation);
    if body.required {
        quote! {{
            let body = &self.body;
            #encode
        }}
    } else {
        quote! {
            match &self.body {
                Some(body) => #encode,
                None => Body::Empty,
            }
        }
    }
}

fn encode_body(
    api: &Api,
    body: &RequestBody,
    value: &TokenStream,
    operation: &Ident,
) -> TokenStream {
    let build_error = quote!(.map_err(|e| Error::build(&#operation, e))?);
    match &body.encoding {
        BodyEncoding::Json(content_type) if content_type == "application/json" => {
            quote!(Body::json(#value)#build_error)
        }
        BodyEncoding::Json(content_type) => {
            quote!(Body::json_as(#content_type, #value)#build_error)
        }
        BodyEncoding::Form if body.field_styles.is_empty() => {
            quote!(Body::form(#value)#build_error)
        }
        BodyEncoding::Form => {
            let styles = body.field_styles.iter().map(|f| {
                let wire = &f.wire_name;
                let style = style_tokens(f.style, f.explode, f.allow_reserved);
                quote!((#wire, #style))
            });
            quote!(Body::form_styled(#value, &[#(#styles),*])#build_error)
        }
        BodyEncoding::Raw(content_type) => match body.ty {
            TypeRef::String => quote!(Body::raw(#content_type, #value.clone().into_bytes())),
            _ => quote!(Body::raw(#content_type, #value.bytes().to_vec())),
        },
        BodyEncoding::Multipart => multipart_body(api, body, value, operation),
    }
}

/// One part per property of the body's struct: files as file parts, the
/// rest as text (lists as one part per item), absent options left out.
fn multipart_body(
    api: &Api,
    body: &RequestBody,
    value: &TokenStream,
    operation: &Ident,
) -> TokenStream {
    let Some(fields) = struct_fields(api, &body.ty) else {
        // A map or free-form object: one text part per key.
        return quote! {{
            let mut form = fax_runtime::multipart::Multipart::new();
            form.fields(#value).map_err(|e| Error::build(&#operation, e))?;
            form.finish()
        }};
    };
    let parts = fields.iter().map(|field| {
        let name = ident(&field.name);
        let wire = &field.wire_name;
        let (inner, optional) = match &field.ty {
            TypeRef::Option(inner) => (inner.as_ref(), true),
            other => (other, false),
        };
        let styled = body
            .field_styles
            .iter()
            .find(|f| f.wire_name == field.wire_name);
        let part = match (styled, inner) {
            (Some(f), _) => {
                let style = style_tokens(f.style, f.explode, f.allow_reserved);
                quote! {
                    form.styled(#wire, #style, part).map_err(|e| Error::build(&#operation, e))?;
                }
            }
            (None, TypeRef::Binary) => quote!(form.file(#wire, part);),
            (None, TypeRef::Vec(item)) if **item == TypeRef::Binary => quote! {
                for file in part {
                    form.file(#wire, file);
                }
            },
            (None, _) => quote! {
                form.field(#wire, part).map_err(|e| Error::build(&#operation, e))?;
            },
        };
        if optional {
            quote! {
                if let Some(part) = &#value.#name {
                    #part
                }
            }
        } else {
            quote! {{
                let part = &#value.#name;
                #part
            }}
        }
    });
    quote! {{
        let mut form = fax_runtime::multipart::Multipart::new();
        #(#parts)*
        form.finish()
    }}
}

fn struct_fields<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a [crate::ir::Field]> {
    let TypeRef::Named(mut id) = ty else {
        return None;
    };
    for _ in 0..=api.types.len() {
        match &api.types[id.0].kind {
            TypeKind::Struct(s) => return Some(&s.fields),
            TypeKind::Alias(TypeRef::Named(next)) => id = *next,
            _ => return None,
        }
    }
    None
}

/// A clone of the value at the end of a field path, as an `Option`.
fn option_chain(root: &TokenStream, path: &FieldPath) -> TokenStream {
    let steps = &path.0;
    let Some(first_optional) = steps.iter().position(|s| s.optional) else {
        let fields = steps.iter().map(|s| ident(&s.field));
        return quote!(Some(#root #(.#fields)*.clone()));
    };
    let leading = steps[..=first_optional].iter().map(|s| ident(&s.field));
    let mut expr = quote!(#root #(.#leading)*.as_ref());
    for step in &steps[first_optional + 1..] {
        let field = ident(&step.field);
        expr = if step.optional {
            quote!(#expr.and_then(|value| value.#field.as_ref()))
        } else {
            quote!(#expr.map(|value| &value.#field))
        };
    }
    quote!(#expr.cloned())
}

fn items_expression(path: &FieldPath) -> TokenStream {
    let fields: Vec<Ident> = path.0.iter().map(|s| ident(&s.field)).collect();
    if path.0.last().is_some_and(|s| s.optional) {
        quote!(page #(.#fields)*.unwrap_or_default())
    } else {
        quote!(page #(.#fields)*)
    }
}

fn stream_method(
    api: &Api,
    op: &Operation,
    pagination: &Pagination,
    error: &TokenStream,
) -> TokenStream {
    let operation = static_name(op);
    let page_type = output_type(api, op);
    let page = quote!(page);
    let docs = quote! {
        /// Every item of every page, as a stream: pages are fetched as the
        /// stream is read, and none after the last.
    };
    match pagination {
        Pagination::NextLink { items, item, links } => {
            let item = rust_type_in(api, item, TypePath::Types);
            let link = match links.as_slice() {
                [link] => option_chain(&page, link),
                // The first link the page carries that is not empty.
                links => {
                    let links = links.iter().map(|link| option_chain(&page, link));
                    quote!([#(#links),*].into_iter().flatten().find(|link: &String| !link.is_empty()))
                }
            };
            let items = items_expression(items);
            quote! {
                #docs
                pub fn stream(self) -> impl fax_runtime::Stream<Item = Result<#item, Error<#error>>> + 'a {
                    let first = self.to_http_request();
                    fax_runtime::pagination::by_next_link(
                        self.api,
                        &#operation,
                        first,
                        Self::parse_response,
                        |page: #page_type| {
                            let link = #link;
                            (#items, link)
                        },
                    )
                }
            }
        }
        Pagination::PageNumber {
            items,
            item,
            param,
            param_type,
            number_field,
            current,
            total,
        } => {
            let item = rust_type_in(api, item, TypePath::Types);
            let param = &op.params[*param];
            let param_name = ident(&param.name);
            let number = ident(number_field);
            let number_type = struct_fields(api, &TypeRef::Named(*param_type))
                .and_then(|fields| fields.iter().find(|f| &f.name == number_field))
                .map(|f| f.ty.clone())
                .unwrap_or(TypeRef::I64);
            let (number_inner, number_optional) = match &number_type {
                TypeRef::Option(inner) => (inner.as_ref().clone(), true),
                other => (other.clone(), false),
            };
            let int = rust_type_in(api, &number_inner, TypePath::Types);
            let assign = if number_optional {
                quote!(page.#number = #int::try_from(number).ok();)
            } else {
                quote!(page.#number = #int::try_from(number).unwrap_or(#int::MAX);)
            };
            let read_first = if number_optional {
                quote!(page.#number)
            } else {
                quote!(Some(page.#number))
            };
            let (take_page, put_page, first_page) = if param.required {
                (
                    quote!(let mut page = builder.#param_name.clone();),
                    quote!(builder.#param_name = page;),
                    quote!(Some(&self.#param_name).and_then(|page| #read_first)),
                )
            } else {
                (
                    quote!(let mut page = builder.#param_name.take().unwrap_or_default();),
                    quote!(builder.#param_name = Some(page);),
                    quote!(self.#param_name.as_ref().and_then(|page| #read_first)),
                )
            };
            let current = option_chain(&page, current);
            let total = option_chain(&page, total);
            let items = items_expression(items);
            quote! {
                #docs
                pub fn stream(self) -> impl fax_runtime::Stream<Item = Result<#item, Error<#error>>> + 'a {
                    let first = #first_page.and_then(|n| u64::try_from(n).ok()).unwrap_or(1);
                    let api = self.api;
                    fax_runtime::pagination::by_page_number(
                        api,
                        &#operation,
                        first,
                        move |number| {
                            let mut builder = self.clone();
                            #take_page
                            #assign
                            #put_page
                            builder.to_http_request()
                        },
                        Self::parse_response,
                        |page: #page_type| {
                            let position = #current.zip(#total).map(|(current, total)| {
                                (u64::try_from(current).unwrap_or(0), u64::try_from(total).unwrap_or(0))
                            });
                            (#items, position)
                        },
                    )
                }
            }
        }
    }
}
