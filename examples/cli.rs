//! The little command-line handling the example programs share: `--name value`
//! flags and settings from the environment, with messages that say what is missing.

use std::collections::HashMap;

/// Flags given as `--name value`.
#[derive(Debug, Default)]
pub struct Flags(HashMap<String, String>);

impl Flags {
    /// Reads `--name value` pairs from the program's arguments.
    pub fn from_args() -> Result<Self, String> {
        Self::parse(std::env::args().skip(1))
    }

    /// Reads `--name value` pairs.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Self, String> {
        let mut flags = HashMap::new();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let name = arg
                .strip_prefix("--")
                .ok_or_else(|| format!("unexpected argument `{arg}`"))?;
            let value = args
                .next()
                .ok_or_else(|| format!("--{name} needs a value"))?;
            flags.insert(name.to_owned(), value);
        }
        Ok(Self(flags))
    }

    /// An optional flag.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// A flag that must be given.
    pub fn require(&self, name: &str) -> Result<&str, String> {
        self.get(name).ok_or_else(|| format!("missing --{name}"))
    }
}

/// A setting that must be in the environment (credentials stay out of shell history).
pub fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("set {name} in the environment"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_come_in_pairs() {
        let args = ["--to", "+1555", "--base-url", "http://127.0.0.1:4010"].map(String::from);
        let flags = Flags::parse(args).unwrap();
        assert_eq!(flags.get("to"), Some("+1555"));
        assert_eq!(flags.require("base-url").unwrap(), "http://127.0.0.1:4010");
        assert_eq!(flags.require("from").unwrap_err(), "missing --from");
        assert!(Flags::parse(["--to".to_owned()]).is_err());
        assert!(Flags::parse(["to".to_owned()]).is_err());
    }
}
