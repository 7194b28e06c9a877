//! Credentials written into a URL (`https://user:token@host/…`) never print:
//! every URL the runtime shows in an error, a log line or `Debug` output
//! passes through here first.

use std::borrow::Cow;

/// What replaces the user information of a URL.
const REDACTED: &str = "***";

/// `text` with the user information of every URL in it (`scheme://userinfo@`)
/// replaced by `***`. Text without such a URL is returned as it is.
pub fn redact_userinfo(text: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut rest = text;
    let mut changed = false;
    while let Some(scheme_end) = rest.find("://") {
        let authority_start = scheme_end + 3;
        let after = &rest[authority_start..];
        // The authority ends at the path, query, fragment or the end of a word.
        let authority_len = after
            .find(|c: char| matches!(c, '/' | '?' | '#') || c.is_whitespace())
            .unwrap_or(after.len());
        let authority = &after[..authority_len];
        out.push_str(&rest[..authority_start]);
        match authority.rfind('@') {
            Some(at) => {
                out.push_str(REDACTED);
                out.push_str(&authority[at..]);
                changed = true;
            }
            None => out.push_str(authority),
        }
        rest = &after[authority_len..];
    }
    if !changed {
        return Cow::Borrowed(text);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Removes the user information of a parsed URL in place.
pub(crate) fn strip_userinfo(url: &mut url::Url) {
    if !url.username().is_empty() || url.password().is_some() {
        // Only URLs that cannot have user information refuse these, and those have none.
        let _ = url.set_username(REDACTED);
        let _ = url.set_password(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_and_password_are_replaced() {
        assert_eq!(
            redact_userinfo("https://AC123:s3cret@api.example.com/v1/Faxes?x=1"),
            "https://***@api.example.com/v1/Faxes?x=1"
        );
    }

    #[test]
    fn every_url_in_a_message_is_redacted() {
        assert_eq!(
            redact_userinfo("error for url (http://u:p@127.0.0.1:9/a) after http://k@h"),
            "error for url (http://***@127.0.0.1:9/a) after http://***@h"
        );
    }

    #[test]
    fn an_at_sign_in_the_path_or_query_is_kept() {
        let text = "https://host/users/a@b?email=c@d";
        assert!(matches!(redact_userinfo(text), Cow::Borrowed(_)));
    }

    #[test]
    fn an_at_sign_inside_the_password_is_covered() {
        assert_eq!(
            redact_userinfo("https://user:p@ss@host/"),
            "https://***@host/"
        );
    }

    #[test]
    fn parsed_urls_lose_their_userinfo() {
        let mut url = url::Url::parse("https://user:token@host/x").unwrap();
        strip_userinfo(&mut url);
        assert_eq!(url.as_str(), "https://***@host/x");
        let mut plain = url::Url::parse("https://host/x").unwrap();
        strip_userinfo(&mut plain);
        assert_eq!(plain.as_str(), "https://host/x");
    }
}
