//! The API's `Client`: where requests go, how they authenticate, and one
//! method per operation that starts its request builder.

use super::docs::doc_attrs;
use super::layout::{Lines, FIELD};
use super::operations::{operation_docs, required_arguments, required_arguments_named};
use super::request_layout::{
    call_lines, required_argument_list, signature_lines, Argument, ArgumentType, Returns,
};
use super::rust_type::{argument_type, TypePath};
use super::{ident, push_ident};
use crate::ir::{Api, Auth, Operation, ParamLocation, SchemeKind, SecurityScheme, TypeRef};
use crate::surface::Collected;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The `client` module of an API.
pub fn emit_client(api: &Api) -> super::RustFile {
    client_file(api, true)
}

/// The `client` module of an API laid out: its fixed part from tokens, the
/// method of each operation written as text where every line is sure (as
/// `prettyplease` would lay it out), with the surface of both.
pub fn emit_client_laid_out(
    api: &Api,
    header: &str,
    gathering: bool,
) -> Result<(String, Collected), String> {
    let mut surface = Collected::new(gathering);
    let (text, parts) =
        crate::format::format_file_inspect(header, &client_file(api, false), |file| {
            let mut part = Collected::new(gathering);
            part.add_file("", file);
            part
        })?;
    parts.into_iter().for_each(|part| surface.merge(part));
    if api.operations.is_empty() {
        return Ok((text, surface));
    }
    let mut methods = String::new();
    for op in &api.operations {
        match client_method_text(api, op) {
            Some((method, name, signature)) => {
                methods.push_str(&method);
                surface.add_method("", "Client", &name, signature);
            }
            None => {
                let method = client_method(api, op);
                let (method, file) =
                    crate::format::print_impl_members(quote!(impl Client { #method }))?;
                surface.add_file("", &file);
                methods.push_str(&method);
            }
        }
    }
    // The methods go last in `impl Client`, the file's last item.
    let head = text
        .strip_suffix("}\n")
        .ok_or("the client laid out without its impl block")?;
    let methods = crate::format::separate_items(&methods);
    Ok((format!("{head}\n{methods}}}\n"), surface))
}

/// The method that starts an operation's request builder.
fn client_method(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.fn_name);
    let builder = format_ident!("{}", op.builder_name);
    let docs = doc_attrs(&operation_docs(op));
    let arguments = required_arguments(op);
    let parameters = arguments.iter().map(|(name, ty)| {
        let ty = argument_type(api, ty, TypePath::Types);
        quote!(#name: #ty)
    });
    let values = arguments.iter().map(|(name, _)| name);
    quote! {
        #docs
        pub fn #name(&self, #(#parameters),*) -> operations::#builder<'_> {
            operations::#builder::new(&self.api, #(#values),*)
        }
    }
}

/// [`client_method`] as the text `prettyplease` prints for it, with its
/// name and surface signature; `None` when a line cannot be sure.
fn client_method_text(api: &Api, op: &Operation) -> Option<(String, String, String)> {
    let mut lines = Lines::new();
    lines.docs(FIELD, &operation_docs(op));
    let mut name = String::new();
    push_ident(&mut name, &op.fn_name);
    let mut arguments = vec![Argument {
        prefix: String::new(),
        ty: ArgumentType::Text("&self".to_owned()),
    }];
    arguments.extend(required_argument_list(op));
    let returns = format!("operations::{}<'_>", op.builder_name);
    let signature = signature_lines(
        api,
        &mut lines,
        &format!("pub fn {name}"),
        &arguments,
        &Returns::Plain(returns),
    );
    let mut values = vec!["&self.api".to_owned()];
    values.extend(required_arguments_named(op).map(|(argument, _)| {
        let mut value = String::new();
        push_ident(&mut value, argument);
        value
    }));
    let call = format!("operations::{}::new(", op.builder_name);
    call_lines(&mut lines, &call, &values);
    lines.text(FIELD, "}");
    Some((lines.finish()?, name, signature))
}

/// What the client's docs say about credentials: the spec's schemes, what
/// each takes, and how the operations combine them.
fn auth_docs(api: &Api) -> String {
    let used: Vec<&SecurityScheme> = api
        .security_schemes
        .iter()
        .enumerate()
        .filter(|(index, _)| {
            api.security_sets
                .iter()
                .any(|set| set.requirements.iter().flatten().any(|i| i == index))
        })
        .map(|(_, scheme)| scheme)
        .collect();
    let all_of = |kind: fn(&SchemeKind) -> bool| used.iter().all(|s| kind(&s.kind));
    let optional = api
        .security_sets
        .iter()
        .any(|set| set.requirements.is_empty() || set.requirements.iter().any(Vec::is_empty));
    let combined = api
        .security_sets
        .iter()
        .any(|set| set.requirements.len() > 1 || set.requirements.iter().any(|r| r.len() > 1));
    let mut text = match (used.as_slice(), api.auth) {
        ([], _) => {
            return "The spec names no credentials for its operations: give it \
                    [`Credentials::none`]."
                .to_owned()
        }
        (_, Auth::Basic) if all_of(|k| *k == SchemeKind::Basic) => {
            "It authenticates with HTTP basic credentials: [`Credentials::basic`].".to_owned()
        }
        (_, Auth::Bearer) if all_of(|k| matches!(k, SchemeKind::Bearer { .. })) => {
            "It authenticates with a bearer token: [`Credentials::bearer`].".to_owned()
        }
        _ => {
            let mut text =
                String::from("The spec's security schemes, and the credentials each takes:\n");
            for scheme in &used {
                let what = match &scheme.kind {
                    SchemeKind::ApiKey { name, location } => {
                        let place = match location {
                            ParamLocation::Query => "query parameter",
                            ParamLocation::Cookie => "cookie",
                            _ => "header",
                        };
                        format!("an API key in the {place} `{name}`: [`Credentials::api_key`]")
                    }
                    SchemeKind::Basic => "HTTP basic: [`Credentials::basic`]".to_owned(),
                    SchemeKind::Bearer { source } if source == "http" => {
                        "a bearer token: [`Credentials::bearer`]".to_owned()
                    }
                    SchemeKind::Bearer { source } => format!(
                        "an `{source}` access token, obtained by the application and sent as \
                         a bearer token: [`Credentials::bearer`]"
                    ),
                    SchemeKind::Http { scheme } => {
                        format!("HTTP `{scheme}`: [`Credentials::http`]`(\"{scheme}\", …)`")
                    }
                    SchemeKind::MutualTls => "a TLS client certificate, set on the HTTP client \
                                              given to [`Client::with_http_client`]"
                        .to_owned(),
                };
                text.push_str(&format!("\n- `{}`: {what}", scheme.name));
            }
            text
        }
    };
    if combined {
        text.push_str(
            "\n\nSome operations accept several schemes or want several together: give \
             every credential you have with [`Credentials::and`]; each request carries the \
             first combination its operation accepts. [`Credentials::for_scheme`] binds a \
             credential to one scheme by name.",
        );
    }
    if optional {
        text.push_str("\n\nSome operations take no credentials, and send none.");
    }
    text
}

/// The client's file, with the operations' methods or without them.
fn client_file(api: &Api, with_methods: bool) -> super::RustFile {
    let docs = super::docs::inner_doc_attrs(&format!("The client of {}.", api.title));
    let auth = auth_docs(api);
    let client_doc = doc_attrs(&format!(
        "A client for {}. {auth}\n\nCloning is cheap and clones share one connection pool. \
         Requests time out after 60 seconds and idempotent ones are retried on \
         429, 502, 503, 504 and connection failures; see [`RetryPolicy`].",
        api.title
    ));
    let constructor = constructor(api);
    let uses_types = api
        .operations
        .iter()
        .flat_map(required_arguments)
        .any(|(_, ty)| mentions_named(&ty) && !matches!(ty, TypeRef::String));
    let import_types = uses_types.then(|| {
        quote!(
            use super::types;
        )
    });
    let methods = api
        .operations
        .iter()
        .filter(|_| with_methods)
        .map(|op| client_method(api, op));
    super::RustFile::whole(quote! {
        #docs
        use super::operations;
        #import_types
        use fax_runtime::{ApiClient, Credentials, RetryPolicy};
        use std::time::Duration;

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            api: ApiClient,
        }

        impl Client {
            #constructor

            /// Sends requests to another base URL: a proxy, or a mock server in tests.
            pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
                self.api = self.api.with_base_url(base_url);
                self
            }

            /// Replaces the retry policy.
            pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
                self.api = self.api.with_retry(retry);
                self
            }

            /// Sets the timeout of each attempt (`None`: no timeout).
            pub fn with_timeout(mut self, timeout: Option<Duration>) -> Self {
                self.api = self.api.with_timeout(timeout);
                self
            }

            /// Sends requests through a `reqwest::Client` of your own, built with
            /// `redirect(Policy::none())` so that only safe redirects are followed.
            pub fn with_http_client(mut self, http: fax_runtime::reqwest::Client) -> Self {
                self.api = self.api.with_http_client(http);
                self
            }

            /// Sets the `User-Agent` header.
            pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
                self.api = self.api.with_user_agent(user_agent);
                self
            }

            /// Replaces the bounds on response size, pages per stream and redirects.
            pub fn with_limits(mut self, limits: fax_runtime::Limits) -> Self {
                self.api = self.api.with_limits(limits);
                self
            }

            /// The runtime client underneath, shared by every request builder.
            pub fn api(&self) -> &ApiClient {
                &self.api
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.api.base_url()
            }

            #(#methods)*
        }
    })
}

/// `new`, with one argument per server variable, or a base URL when the spec names no server.
fn constructor(api: &Api) -> TokenStream {
    let url = &api.server.url;
    if url.is_empty() {
        return quote! {
            /// A client for the API at `base_url` (the spec names no server).
            pub fn new(base_url: impl Into<String>, credentials: Credentials) -> Self {
                let api = ApiClient::new(base_url, credentials);
                Self { api }
            }
        };
    }
    if api.server.variables.is_empty() {
        let doc = doc_attrs(&format!("A client for the API at `{url}`."));
        return quote! {
            /// The server requests go to unless [`Client::with_base_url`] says otherwise.
            pub const DEFAULT_BASE_URL: &'static str = #url;

            #doc
            pub fn new(credentials: Credentials) -> Self {
                let api = ApiClient::new(Self::DEFAULT_BASE_URL, credentials);
                Self { api }
            }
        };
    }
    let template = positional_template(api);
    let mut values = Vec::new();
    let mut parameters = Vec::new();
    let mut docs = format!("A client for the API at `{url}`.\n");
    for variable in &api.server.variables {
        let name = ident(&variable.name);
        values.push(quote!(fax_runtime::encode::url_part(#name)));
        parameters.push(quote!(#name: &str));
        let about = variable
            .doc
            .clone()
            .unwrap_or_else(|| "its value".to_owned());
        docs.push_str(&format!("\n- `{}`: {about}", variable.name));
    }
    let docs = doc_attrs(&docs);
    quote! {
        #docs
        pub fn new(#(#parameters,)* credentials: Credentials) -> Self {
            let base_url = format!(#template, #(#values),*);
            let api = ApiClient::new(base_url, credentials);
            Self { api }
        }
    }
}

/// The server URL as a `format!` string: literal braces doubled and each
/// `{variable}` replaced by its argument's position (`{0}`), so a variable
/// used twice is one argument; where each is used once, plain `{}` reads
/// better. `lower` has checked that every brace pairs up and names a variable.
fn positional_template(api: &Api) -> String {
    let uses = api.server.url.matches('{').count();
    let numbered = uses != api.server.variables.len();
    let mut template = String::new();
    let mut rest = api.server.url.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        template.push_str(&rest[..open].replace('}', "}}"));
        let wire_name = &rest[open + 1..close];
        match api
            .server
            .variables
            .iter()
            .position(|v| v.wire_name == wire_name)
        {
            Some(index) if numbered => template.push_str(&format!("{{{index}}}")),
            Some(_) => template.push_str("{}"),
            None => template.push_str(&rest[open..=close].replace('{', "{{").replace('}', "}}")),
        }
        rest = &rest[close + 1..];
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    template
}

/// Whether a type names a generated type (and so needs `types` in scope).
pub(super) fn mentions_named(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Box(inner) => mentions_named(inner),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::types::layout_tests::documents;

    #[test]
    fn the_client_laid_out_is_what_prettyplease_prints() {
        let (mut methods, mut as_text) = (0, 0);
        for (file, text) in documents() {
            let (spec, _) = crate::read_spec(&file, &text).expect("the document reads");
            let api = crate::lower::lower(&file, &spec).expect("the document lowers");
            let (laid_out, surface) =
                emit_client_laid_out(&api, "// header", true).expect("lays out");
            let (printed, parts) =
                crate::format::format_file_inspect("// header", &emit_client(&api), |f| {
                    Collected::from_file("", f)
                })
                .expect("formats");
            assert_eq!(laid_out, printed, "{file}");
            let mut expected = Collected::default();
            parts.into_iter().for_each(|part| expected.merge(part));
            assert_eq!(surface.finish(), expected.finish(), "{file}");
            methods += api.operations.len();
            as_text += api
                .operations
                .iter()
                .filter(|op| client_method_text(&api, op).is_some())
                .count();
        }
        assert!(
            as_text * 10 >= methods * 9,
            "{as_text} of {methods} as text"
        );
    }
}
