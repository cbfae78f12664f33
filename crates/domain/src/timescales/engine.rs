//! The timescales in force for one authority: the national catalogue, its local settings, the
//! calendar with its extra bank holidays, and the "due soon" window. Later processes ask this.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use super::calendar::WorkingCalendar;
use super::config::{AuthorityConfig, ConfigError};
use super::counting::Interval;
use super::due::{DueDate, Facts, due_date};
use super::error::TimescaleError;
use super::rules::{Rule, RuleId, catalogue};
use super::status::{Completion, Timeliness, classify, completion};
use crate::Clock;
use crate::caseloads::CaseloadPolicy;

#[derive(Debug, Clone)]
pub struct Timescales {
    calendar: WorkingCalendar,
    rules: Vec<Rule>,
    national: Vec<Rule>,
    due_soon: Interval,
    caseload: CaseloadPolicy,
    config: AuthorityConfig,
}

/// A due date and where it stands on the date checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub due: DueDate,
    pub checked_on: NaiveDate,
    pub timeliness: Timeliness,
}

impl Timescales {
    /// National timescales and Journey's local-practice defaults, with the shipped calendar.
    pub fn national_defaults() -> Self {
        Self::from_config(AuthorityConfig::default())
    }

    /// Reads, checks and applies an authority configuration file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        AuthorityConfig::load(path).map(Self::from_config)
    }

    /// Applies a configuration that has already been checked.
    pub fn from_config(config: AuthorityConfig) -> Self {
        let national = catalogue();
        let mut rules = national.clone();
        for setting in &config.rule_settings {
            let part = rules
                .iter_mut()
                .find(|rule| rule.id == setting.rule)
                .and_then(|rule| rule.schedule.part_mut(setting.part));
            if let Some(part) = part {
                *part = setting.interval;
            }
        }
        let mut calendar = WorkingCalendar::england_and_wales();
        for (date, name) in &config.extra_bank_holidays {
            calendar.add_bank_holiday(*date, name.clone());
        }
        Self {
            calendar,
            rules,
            national,
            due_soon: config.due_soon,
            caseload: config.caseload,
            config,
        }
    }

    pub fn config(&self) -> &AuthorityConfig {
        &self.config
    }

    pub fn calendar(&self) -> &WorkingCalendar {
        &self.calendar
    }

    /// The rules in force, in catalogue order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn rule(&self, id: RuleId) -> Result<&Rule, TimescaleError> {
        self.rules
            .iter()
            .find(|rule| rule.id == id)
            .ok_or_else(|| TimescaleError::UnknownRule {
                given: id.slug().to_owned(),
                suggestion: None,
            })
    }

    /// The national version of a rule, before local settings.
    pub fn national_rule(&self, id: RuleId) -> Option<&Rule> {
        self.national.iter().find(|rule| rule.id == id)
    }

    pub fn due_soon_window(&self) -> Interval {
        self.due_soon
    }

    pub fn caseload(&self) -> CaseloadPolicy {
        self.caseload
    }

    /// When is it due, and why?
    pub fn due(&self, id: RuleId, facts: &Facts) -> Result<DueDate, TimescaleError> {
        due_date(
            self.rule(id)?,
            self.national_rule(id),
            facts,
            &self.calendar,
        )
    }

    /// When is it due, and where does it stand on `on`? Refuses a date before the start event.
    pub fn check(&self, id: RuleId, facts: &Facts, on: NaiveDate) -> Result<Check, TimescaleError> {
        let rule = self.rule(id)?;
        // A pre-birth conference counts back from the expected date of delivery, and a
        // discharge plan's sign-off from the planned discharge, both normally still ahead: only
        // rules that count forward need the check after the start.
        let counts_back = rule.schedule.counts_back();
        if on < facts.start && !counts_back {
            return Err(TimescaleError::CheckBeforeStart {
                event: rule.start_event.to_owned(),
                start: facts.start,
                check: on,
            });
        }
        let due = self.due(id, facts)?;
        let timeliness = self.classify(due.date, on);
        Ok(Check {
            due,
            checked_on: on,
            timeliness,
        })
    }

    /// [`Self::check`] as of today, by the injected clock.
    pub fn check_today(
        &self,
        id: RuleId,
        facts: &Facts,
        clock: &dyn Clock,
    ) -> Result<Check, TimescaleError> {
        self.check(id, facts, clock.today())
    }

    pub fn classify(&self, due: NaiveDate, on: NaiveDate) -> Timeliness {
        classify(due, on, self.due_soon, &self.calendar)
    }

    /// Was something already done in time?
    pub fn completion(&self, due: NaiveDate, done_on: NaiveDate) -> Completion {
        completion(due, done_on, &self.calendar)
    }
}

impl Default for Timescales {
    fn default() -> Self {
        Self::national_defaults()
    }
}
