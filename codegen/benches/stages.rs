//! How long each stage of the generator takes (parse, normalize, load,
//! lower, emit, format) and the whole run, for each fax spec and the largest
//! document of the corpus folder named by `FAX_CORPUS_DIR`, when set.
//! Run through `cargo xtask bench [DIR]`, which sets it and reads the results.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::path::Path;
use std::time::Duration;

struct Input {
    name: &'static str,
    file: String,
    text: String,
    overlays: Vec<(String, String)>,
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ sits in the repository")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn inputs() -> Vec<Input> {
    let specs = repo().join("specs");
    let mut inputs = vec![
        Input {
            name: "twilio",
            file: "specs/twilio_fax_v1.json".into(),
            text: read(&specs.join("twilio_fax_v1.json")),
            overlays: vec![(
                "specs/twilio_fax_v1.overlay.yaml".into(),
                read(&specs.join("twilio_fax_v1.overlay.yaml")),
            )],
        },
        Input {
            name: "telnyx",
            file: "specs/telnyx_fax.yaml".into(),
            text: read(&specs.join("telnyx_fax.yaml")),
            overlays: Vec::new(),
        },
        Input {
            name: "signalwire",
            file: "specs/signalwire_fax.yaml".into(),
            text: read(&specs.join("signalwire_fax.yaml")),
            overlays: Vec::new(),
        },
    ];
    // The largest document of the corpus folder, when one is given.
    let largest = std::env::var_os("FAX_CORPUS_DIR").and_then(|dir| {
        std::fs::read_dir(dir)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("json" | "yaml")
                )
            })
            .max_by_key(|p| p.metadata().map(|m| m.len()).unwrap_or(0))
    });
    if let Some(largest) = largest {
        inputs.push(Input {
            name: "largest",
            file: largest
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            text: read(&largest),
            overlays: Vec::new(),
        });
    }
    inputs
}

fn stages(c: &mut Criterion) {
    use fax_codegen::{load, lower, normalize, overlay, parse};
    for input in inputs() {
        let large = input.text.len() > 1_000_000;
        let mut group = c.benchmark_group(format!("generate_{}", input.name));
        if large {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(20));
        }
        let syntax = load::Syntax::from_file_name(&input.file);
        let load_all = || {
            let mut spec = load::load(&input.file, &input.text, syntax).expect("loads");
            for (file, text) in &input.overlays {
                let extra =
                    load::load(file, text, load::Syntax::from_file_name(file)).expect("loads");
                overlay::merge(&mut spec, extra, file).expect("merges");
            }
            spec
        };
        let spec = load_all();
        // The stages of `load_all`, one at a time, for the main document.
        let parsed = parse::parse(&input.file, &input.text, syntax).expect("parses");
        let normalized = normalize::normalize(&input.file, parsed.clone()).expect("normalizes");
        let api = lower::lower(&input.file, &spec).expect("lowers");
        group.bench_function(BenchmarkId::from_parameter("parse"), |b| {
            b.iter(|| parse::parse(&input.file, &input.text, syntax).expect("parses"))
        });
        group.bench_function(BenchmarkId::from_parameter("normalize"), |b| {
            b.iter_batched(
                || parsed.clone(),
                |value| normalize::normalize(&input.file, value).expect("normalizes"),
                criterion::BatchSize::LargeInput,
            )
        });
        group.bench_function(BenchmarkId::from_parameter("load"), |b| {
            b.iter_batched(
                || normalized.clone(),
                |normalized| {
                    load::load_normalized(&input.file, &input.text, syntax, normalized)
                        .expect("loads")
                },
                criterion::BatchSize::LargeInput,
            )
        });
        // What loading was before the normalize stage, for 3.0 documents: a
        // first pass over the text for the version fields, then the text
        // straight into `openapiv3` with the path tracked. Parse + normalize +
        // load above, against this, is what the normalize stage costs.
        if parsed["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.0"))
        {
            #[derive(serde::Deserialize)]
            struct VersionProbe {
                openapi: Option<serde_json::Value>,
            }
            fn tracked<T: serde::de::DeserializeOwned>(text: &str, syntax: parse::Syntax) -> T {
                match syntax {
                    parse::Syntax::Json => serde_path_to_error::deserialize(
                        &mut serde_json::Deserializer::from_str(text),
                    )
                    .expect("loads"),
                    parse::Syntax::Yaml => {
                        serde_path_to_error::deserialize(serde_yaml::Deserializer::from_str(text))
                            .expect("loads")
                    }
                }
            }
            group.bench_function(BenchmarkId::from_parameter("load_before_normalize"), |b| {
                b.iter(|| {
                    let probe: VersionProbe = tracked(&input.text, syntax);
                    std::hint::black_box(probe.openapi);
                    tracked::<openapiv3::OpenAPI>(&input.text, syntax)
                })
            });
        }
        group.bench_function(BenchmarkId::from_parameter("lower"), |b| {
            b.iter(|| lower::lower(&input.file, &spec).expect("lowers"))
        });
        // Emitting and laying out are one step: most items are written as
        // laid-out text, the rest laid out as they are emitted, on every core.
        group.bench_function(BenchmarkId::from_parameter("emit_and_format"), |b| {
            b.iter(|| fax_codegen::render(&input.file, &api, "").expect("renders"))
        });
        group.bench_function(BenchmarkId::from_parameter("end_to_end"), |b| {
            let overlays: Vec<(&str, &str)> = input
                .overlays
                .iter()
                .map(|(f, t)| (f.as_str(), t.as_str()))
                .collect();
            b.iter(|| {
                fax_codegen::generate_with_overlays(&input.file, &input.text, &overlays, "")
                    .expect("generates")
            })
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
