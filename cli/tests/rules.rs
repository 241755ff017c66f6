//! `zhproof rules`, `zhproof explain` and unknown rule ids on the command line.

mod common;

use common::{root, with_stdin, zhproof};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn rules_list_every_registered_rule_in_each_format() {
    let out = zhproof(&["rules", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let ids: Vec<&str> = json["rules"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["id"].as_str()).collect())
        .unwrap_or_default();
    let registry: Vec<&str> = zhproof::rules::RULES.iter().map(|r| r.id).collect();
    assert_eq!(ids, registry);
    assert_eq!(json["rules"][0]["severity"], "error");
    assert!(json["families"].as_array().is_some_and(|f| !f.is_empty()));

    let text = stdout(&zhproof(&["rules"]));
    assert_eq!(text.lines().count(), registry.len());
    assert!(text.contains("format.cjk_space") && text.contains(" off "));

    let md = stdout(&zhproof(&["rules", "--format", "markdown"]));
    let on_disk = std::fs::read_to_string(root().join("docs/rules.md")).unwrap_or_default();
    assert_eq!(md, on_disk, "docs/rules.md is stale");
}

#[test]
fn explain_prints_the_entry_and_names_the_nearest_id() {
    for r in zhproof::rules::RULES {
        let out = zhproof(&["explain", r.id]);
        assert_eq!(out.status.code(), Some(0), "{}", r.id);
        let text = stdout(&out);
        assert!(text.starts_with(&format!("{}\n", r.id)), "{text}");
        assert!(text.contains(r.bad) && text.contains(r.good), "{text}");
        if let Some(s) = r.standard {
            assert!(text.contains(s), "{text}");
        }
    }
    // A category prints every rule in it.
    let link = stdout(&zhproof(&["explain", "link"]));
    let links = zhproof::rules::RULES
        .iter()
        .filter(|r| r.id.starts_with("link."))
        .count();
    // six from the checker's link detector, three from `zhproof audit`
    assert_eq!(links, 9);
    assert_eq!(link.matches("\nlink.").count() + 1, links, "{link}");
    let out = zhproof(&["explain", "typo.wor"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        stderr(&out),
        "zhproof: unknown rule `typo.wor`; did you mean `typo.word`?\n"
    );
}

#[test]
fn unknown_rule_ids_in_flags_exit_2_naming_the_nearest() {
    for flag in ["--disable-rule", "--enable-rule"] {
        let out = with_stdin(&["check", flag, "privacy.id_crad", "-"], "按装");
        assert_eq!(out.status.code(), Some(2), "{flag}");
        assert!(out.stdout.is_empty());
        assert!(
            stderr(&out)
                .contains("unknown rule `privacy.id_crad`; did you mean `privacy.id_card`?"),
            "{}",
            stderr(&out)
        );
    }
    // Groups and dictionary-made ids stay valid.
    let out = with_stdin(&["check", "--disable-rule", "typo", "-"], "按装");
    assert_eq!(out.status.code(), Some(0));
    let out = with_stdin(
        &[
            "check",
            "--disable-rule",
            "sensitive.porn",
            "--enable-rule",
            "format",
            "-",
        ],
        "按装",
    );
    assert_eq!(out.status.code(), Some(1));
    let out = with_stdin(&["check", "--only", "typos", "-"], "按装");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `typo`?"),
        "{}",
        stderr(&out)
    );
}
