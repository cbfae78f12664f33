//! Who is acting, and through which relationship: the facts every audit and access record holds.

use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::ids::StaffId;
use journey_domain::staff::Role;

/// The member of staff (or the system itself) behind one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// `None` when Journey acts on its own account (demo data, the `user add` command).
    pub staff: Option<StaffActor>,
    /// Correlates the audit record with the request's log lines.
    pub request_id: String,
    /// When the request arrived, from the injected clock.
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffActor {
    pub id: StaffId,
    pub role: Role,
    pub display_name: String,
}

impl Actor {
    pub fn staff(
        id: StaffId,
        role: Role,
        display_name: impl Into<String>,
        request_id: impl Into<String>,
        at: DateTime<Utc>,
    ) -> Self {
        Self {
            staff: Some(StaffActor {
                id,
                role,
                display_name: display_name.into(),
            }),
            request_id: request_id.into(),
            at,
        }
    }

    /// Someone not signed in, in a request: a sign-in attempt, recorded before anyone is known.
    pub fn anonymous(request_id: &str, at: DateTime<Utc>) -> Self {
        Self {
            staff: None,
            request_id: request_id.to_owned(),
            at,
        }
    }

    /// Journey itself, for work started from the command line. `what` names the command.
    pub fn system(what: &str, at: DateTime<Utc>) -> Self {
        Self {
            staff: None,
            request_id: format!("system:{what}"),
            at,
        }
    }

    /// The UK date when the request arrived: "today" for the authority (allocations starting
    /// today, who is allocated now, ages).
    pub fn today(&self) -> NaiveDate {
        journey_domain::uk_time::local_date(self.at)
    }

    pub fn staff_id(&self) -> Option<StaffId> {
        self.staff.as_ref().map(|s| s.id)
    }

    pub fn role_code(&self) -> &'static str {
        self.staff.as_ref().map_or("system", |s| s.role.code())
    }

    pub fn display_name(&self) -> &str {
        self.staff
            .as_ref()
            .map_or("Journey", |s| s.display_name.as_str())
    }
}
