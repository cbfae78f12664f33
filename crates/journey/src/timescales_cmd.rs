//! `journey timescales`: the rules in force and their sources, and `journey timescales due` to
//! try a due date, so an authority can check its configuration before going live.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use journey_domain::Clock;
use journey_domain::timescales::{
    ConfigError, DEFAULT_CONFIG_PATH, Facts, RuleId, TimescaleError, Timescales, VisitPlacement,
    format::long_date, parse_date,
};

/// List the statutory and local timescales in force, or work out a due date.
#[derive(clap::Args, Debug)]
pub struct TimescalesArgs {
    /// The authority configuration (TOML). Default: config/authority.toml if it exists, else the
    /// built-in national timescales and defaults.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<TimescalesCommand>,
}

#[derive(clap::Subcommand, Debug)]
pub enum TimescalesCommand {
    /// When is RULE due, and why? Dates are YYYY-MM-DD.
    Due(DueArgs),
}

#[derive(clap::Args, Debug)]
pub struct DueArgs {
    /// The rule, as `journey timescales` lists it (e.g. initial-child-protection-conference).
    pub rule: String,
    /// The date of the rule's start event (the referral, the strategy discussion, the placement
    /// start; for a pre-birth conference, the expected date of delivery).
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// The previous occurrence (review, visit, supervision), for repeating rules.
    #[arg(long, value_name = "DATE")]
    pub previous: Option<String>,
    /// How many have been held so far (looked-after and adoption reviews: the second differs).
    #[arg(long, value_name = "N")]
    pub held: Option<u32>,
    /// The child's date of birth (health assessments).
    #[arg(long, value_name = "DATE")]
    pub date_of_birth: Option<String>,
    /// The kind of placement (statutory visits): ordinary, long-term,
    /// with-parents-before-assessment, connected-person-temporary-approval,
    /// interim-care-order-at-home, care-order-at-home, or an SSDA903 code such as U4.
    #[arg(long, value_name = "CODE")]
    pub placement_type: Option<String>,
    /// The date of the child's first looked-after review (statutory visits that are weekly
    /// until then; the initial health assessment, due by it if it is sooner).
    #[arg(long, value_name = "DATE")]
    pub first_review: Option<String>,
    /// When a review was asked for (pathway plan reviews happen on request too).
    #[arg(long, value_name = "DATE")]
    pub requested: Option<String>,
    /// The date to check against. Default: today.
    #[arg(long, value_name = "DATE")]
    pub check: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum TimescalesCommandError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Timescale(#[from] TimescaleError),
    #[error("{option}: {problem}")]
    Option {
        option: &'static str,
        problem: TimescaleError,
    },
}

/// Runs the command and returns what to print.
pub fn run(args: TimescalesArgs, clock: &dyn Clock) -> Result<String, TimescalesCommandError> {
    let timescales = load(args.config.as_deref())?;
    match args.command {
        None => Ok(list(&timescales)),
        Some(TimescalesCommand::Due(due)) => due_date(&timescales, &due, clock),
    }
}

/// The authority's timescales: the file named, else `config/authority.toml` if there is one,
/// else the national defaults. `journey serve` and `journey demo` load them the same way.
pub fn load(path: Option<&Path>) -> Result<Timescales, ConfigError> {
    match path {
        Some(path) => Timescales::load(path),
        None if Path::new(DEFAULT_CONFIG_PATH).is_file() => {
            Timescales::load(Path::new(DEFAULT_CONFIG_PATH))
        }
        None => Ok(Timescales::national_defaults()),
    }
}

fn list(timescales: &Timescales) -> String {
    let config = timescales.config();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Timescales in force ({}{})",
        config.origin,
        config
            .authority_name
            .as_deref()
            .map(|name| format!(": {name}"))
            .unwrap_or_default()
    );
    let covered = timescales
        .calendar()
        .years_covered()
        .map(|(first, last)| format!("bank holidays known for {first} to {last}"))
        .unwrap_or_else(|| "no bank holidays known".to_owned());
    let _ = writeln!(
        out,
        "Working days: Monday to Friday except England and Wales bank holidays ({covered}{}).",
        match config.extra_bank_holidays.len() {
            0 => String::new(),
            n => format!(", {n} added by the authority"),
        }
    );
    let _ = writeln!(
        out,
        "Due soon: within {} of the due date. Caseload: warn from {} weighted cases, limit {}; reviewing officers warn from {} children, limit {}.",
        timescales.due_soon_window(),
        timescales.caseload().worker.warn_at,
        timescales.caseload().worker.limit,
        timescales.caseload().reviewing_officer.warn_at,
        timescales.caseload().reviewing_officer.limit
    );
    let mut area = None;
    for rule in timescales.rules() {
        if area != Some(rule.area) {
            area = Some(rule.area);
            let _ = writeln!(out, "\n{}", rule.area.describe());
        }
        let _ = writeln!(out, "  {}: {}", rule.id, rule.name);
        let _ = writeln!(out, "      timescale: {}", rule.schedule.summary());
        let _ = writeln!(out, "      counted from: {}", rule.start_event);
        let _ = writeln!(out, "      tier: {}", rule.tier);
        let _ = writeln!(out, "      source: {}", rule.source);
        if let Some(national) = timescales.national_rule(rule.id)
            && national.schedule != rule.schedule
        {
            let _ = writeln!(
                out,
                "      set by the authority: was {}",
                national.schedule.summary()
            );
        }
    }
    out
}

fn date_option(
    option: &'static str,
    value: &str,
) -> Result<chrono::NaiveDate, TimescalesCommandError> {
    parse_date(value).map_err(|problem| TimescalesCommandError::Option { option, problem })
}

fn optional_date(
    option: &'static str,
    value: Option<&String>,
) -> Result<Option<chrono::NaiveDate>, TimescalesCommandError> {
    value.map(|value| date_option(option, value)).transpose()
}

fn due_date(
    timescales: &Timescales,
    args: &DueArgs,
    clock: &dyn Clock,
) -> Result<String, TimescalesCommandError> {
    let id: RuleId = args.rule.parse()?;
    let mut facts = Facts::from(date_option("--from", &args.from)?);
    facts.previous = optional_date("--previous", args.previous.as_ref())?;
    facts.held = args.held;
    facts.date_of_birth = optional_date("--date-of-birth", args.date_of_birth.as_ref())?;
    facts.first_review = optional_date("--first-review", args.first_review.as_ref())?;
    facts.requested = optional_date("--requested", args.requested.as_ref())?;
    facts.placement = args
        .placement_type
        .as_deref()
        .map(str::parse::<VisitPlacement>)
        .transpose()
        .map_err(|problem| TimescalesCommandError::Option {
            option: "--placement-type",
            problem,
        })?;
    let on = optional_date("--check", args.check.as_ref())?.unwrap_or_else(|| clock.today());
    let check = timescales.check(id, &facts, on)?;
    let rule = timescales.rule(id)?;

    let mut out = String::new();
    let _ = writeln!(out, "{}", check.due.explanation);
    let _ = writeln!(
        out,
        "On {}: {}.",
        long_date(check.checked_on),
        check.timeliness.describe()
    );
    for caveat in &check.due.caveats {
        let _ = writeln!(out, "Note: {caveat}");
    }
    let _ = writeln!(out, "Tier: {}. Source: {}.", rule.tier, rule.source);
    let _ = writeln!(out, "Configuration: {}.", timescales.config().origin);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use clap::Parser;
    use journey_domain::FixedClock;

    const SHIPPED_CONFIG: &str =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../config/authority.toml");

    #[derive(Parser, Debug)]
    struct Cli {
        #[command(flatten)]
        args: TimescalesArgs,
    }

    fn clock() -> FixedClock {
        FixedClock::new(Utc.with_ymd_and_hms(2026, 5, 20, 9, 0, 0).unwrap())
    }

    fn run_with(words: &[&str]) -> Result<String, TimescalesCommandError> {
        let mut argv = vec!["timescales", "--config", SHIPPED_CONFIG];
        argv.extend_from_slice(words);
        let cli = Cli::try_parse_from(argv).unwrap();
        run(cli.args, &clock())
    }

    #[test]
    fn lists_every_rule_with_its_tier_and_source() {
        let out = run_with(&[]).unwrap();
        assert!(out.starts_with("Timescales in force ("), "{out}");
        assert!(out.contains("Example Children's Services"), "{out}");
        for id in RuleId::ALL {
            assert!(out.contains(&format!("  {id}: ")), "{id} missing");
        }
        assert!(out.contains(
            "  initial-child-protection-conference: Initial child protection conference\n      timescale: within 15 working days\n      counted from: the strategy discussion that started section 47 enquiries\n      tier: statutory guidance\n      source: Working Together to Safeguard Children 2023"
        ), "{out}");
        assert!(
            out.contains("bank holidays known for 2015 to 2030"),
            "{out}"
        );
        assert!(
            !out.contains("set by the authority: was"),
            "the shipped file writes out the defaults"
        );
    }

    #[test]
    fn due_prints_the_date_the_explanation_and_the_status_by_the_injected_clock() {
        let out = run_with(&[
            "due",
            "review-child-protection-conference",
            "--from",
            "2026-02-14",
        ])
        .unwrap();
        assert!(out.starts_with(
            "Review conference due by 14 May 2026: 3 months after the initial conference on 14 February 2026 (Working Together 2023).\nOn 20 May 2026: overdue by 4 working days (6 calendar days).\n"
        ), "{out}");
        let out = run_with(&[
            "due",
            "statutory-visit",
            "--from",
            "2025-01-10",
            "--previous",
            "2026-02-01",
            "--placement-type",
            "long-term",
            "--check",
            "2026-03-02",
        ])
        .unwrap();
        assert!(out.starts_with("Statutory visit to a looked-after child due by 1 May 2026: 3 months after the previous visit on 1 February 2026"), "{out}");
        assert!(out.contains("On 2 March 2026: on time: "), "{out}");
    }

    #[test]
    fn a_review_asked_for_and_an_order_over_christmas_are_dated_by_their_rules() {
        let out = run_with(&[
            "due",
            "pathway-plan-review",
            "--from",
            "2025-08-31",
            "--previous",
            "2026-02-28",
            "--requested",
            "2026-03-03",
            "--check",
            "2026-03-03",
        ])
        .unwrap();
        assert!(
            out.starts_with(
                "Pathway plan review due by 3 March 2026: a review was asked for on 3 March 2026"
            ),
            "{out}"
        );
        let out = run_with(&[
            "due",
            "emergency-protection-order-ends",
            "--from",
            "2026-12-19",
            "--check",
            "2026-12-19",
        ])
        .unwrap();
        assert!(
            out.starts_with(
                "Emergency protection order ends no later than noon on 29 December 2026"
            ),
            "{out}"
        );
    }

    #[test]
    fn bad_input_names_the_problem() {
        let err = run_with(&["due", "review-conference", "--from", "2026-02-14"]).unwrap_err();
        assert!(err.to_string().starts_with("there is no timescale rule called \"review-conference\" (did you mean \"review-child-protection-conference\"?"), "{err}");
        let err = run_with(&["due", "referral-decision", "--from", "14/02/2026"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--from: \"14/02/2026\" is not a date: give it as YYYY-MM-DD, for example 2026-02-14"
        );
        let err = run_with(&[
            "due",
            "referral-decision",
            "--from",
            "2026-02-14",
            "--check",
            "2026-02-13",
        ])
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the date to check (13 February 2026) is before the referral was received (14 February 2026): check a date on or after it"
        );
        let err = run_with(&[
            "due",
            "statutory-visit",
            "--from",
            "2026-02-14",
            "--placement-type",
            "P1",
        ])
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("--placement-type: \"P1\" is not a placement type"),
            "{err}"
        );
    }

    #[test]
    fn a_bad_configuration_is_refused_before_anything_is_listed() {
        let folder =
            std::env::temp_dir().join(format!("journey-timescales-cmd-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join("authority.toml");
        std::fs::write(
            &path,
            "[rules]\nchild-and-family-assessment = \"50 working days\"\n",
        )
        .unwrap();
        let cli = Cli::try_parse_from(["timescales", "--config", path.to_str().unwrap()]).unwrap();
        let err = run(cli.args, &clock()).unwrap_err();
        assert!(err.to_string().contains("child-and-family-assessment: 50 working days is looser than the national timescale of 45 working days"), "{err}");
        std::fs::write(
            &path,
            "[rules]\nchild-and-family-assessment = \"40 working days\"\n",
        )
        .unwrap();
        let cli = Cli::try_parse_from(["timescales", "--config", path.to_str().unwrap()]).unwrap();
        let out = run(cli.args, &clock()).unwrap();
        assert!(
            out.contains("      set by the authority: was within 45 working days"),
            "{out}"
        );
        std::fs::remove_dir_all(&folder).unwrap();
    }
}
