//! The bounds every client keeps on what a server can make it do: how much of
//! a response it holds in memory, how many pages a stream walks, how many
//! redirects it follows.

/// Bounds on responses, pages and redirects, set with `with_limits` on a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest response body read into memory, in bytes. A larger body
    /// ends the call with [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge);
    /// streaming downloads are not bound by it.
    pub max_response_bytes: u64,
    /// The most pages one `stream()` fetches; the next page after these ends
    /// the stream with [`Error::Pagination`](crate::Error::Pagination).
    pub max_pages: u64,
    /// The most same-origin 307/308 redirects followed for one request.
    /// `0` follows none: every redirect is an [`Error::Redirect`](crate::Error::Redirect).
    pub max_redirects: u32,
}

impl Limits {
    /// 64 MiB: far above any JSON the fax APIs answer with and above their
    /// document limits (Telnyx takes files up to 50 MB), so only a
    /// misbehaving server reaches it.
    pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;
    /// 10,000 pages: a million faxes at 100 a page.
    pub const DEFAULT_MAX_PAGES: u64 = 10_000;
    /// 5 redirects, as many as a well-run API ever chains.
    pub const DEFAULT_MAX_REDIRECTS: u32 = 5;
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_response_bytes: Self::DEFAULT_MAX_RESPONSE_BYTES,
            max_pages: Self::DEFAULT_MAX_PAGES,
            max_redirects: Self::DEFAULT_MAX_REDIRECTS,
        }
    }
}
