//! Receives fax webhooks from Telnyx, Twilio and SignalWire on 127.0.0.1,
//! verifies them with `fax_client::WebhookVerifier` and prints the one event type
//! all three become.
//!
//! ```sh
//! TELNYX_PUBLIC_KEY=… TWILIO_AUTH_TOKEN=… SIGNALWIRE_SIGNING_KEY=… \
//!   cargo run -p fax-examples --bin webhook_receiver -- \
//!   --port 8080 --public-url https://fax.example.com
//! ```
//!
//! Point the vendors at `<public URL>/telnyx`, `/twilio` and `/signalwire`.

use fax_client::Vendor;
use fax_examples::{serve, Config};
use std::process::ExitCode;

const USAGE: &str = "usage: webhook_receiver [--port PORT] [--public-url URL]
  --port PORT        port on 127.0.0.1 to listen on; 0 picks a free one (default 8080)
  --public-url URL   scheme and host the vendors call, when behind a proxy or tunnel
keys come from TELNYX_PUBLIC_KEY, TWILIO_AUTH_TOKEN and SIGNALWIRE_SIGNING_KEY";

struct Options {
    port: u16,
    public_url: Option<String>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        port: 8080,
        public_url: None,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                let value = args.next().ok_or("--port needs a value")?;
                options.port = value
                    .parse()
                    .map_err(|_| format!("--port: `{value}` is not a port"))?;
            }
            "--public-url" => {
                options.public_url = Some(args.next().ok_or("--public-url needs a value")?);
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(options)
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("{message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let config = match Config::from_env(options.public_url) {
        Ok(config) => config,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", options.port)).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("cannot listen on 127.0.0.1:{}: {err}", options.port);
            return ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(addr) => println!("listening on http://{addr}"),
        Err(err) => eprintln!("listening, address unknown: {err}"),
    }
    let served = |on: bool| if on { "on" } else { "off (no key)" };
    println!(
        "telnyx {}, twilio {}, signalwire {}",
        served(config.verifier.has_key(Vendor::Telnyx)),
        served(config.verifier.has_key(Vendor::Twilio)),
        served(config.verifier.has_key(Vendor::SignalWire))
    );
    match serve(listener, config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("server stopped: {err}");
            ExitCode::FAILURE
        }
    }
}
