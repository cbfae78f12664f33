// The `person details` capability (issue 3): the writes, each one journal with its chronology
// line and audit record, and the lookups. Written once for both databases: `include!`d by each
// backend's `person_details.rs` (names from its `dialect.rs`). The reads are in
// `person_details_read`; the record page's panel (`read_person_details`) is each backend's own.

use async_trait::async_trait;
use chrono::NaiveDate;
use journey_domain::ids::{EventId, PersonId};
use journey_domain::person::name_key;
use journey_domain::person_details::{
    AddressCorrection, Birth, DateCorrection, Demographics, Identifier, IdentifierKind, NameChange,
    NewAddress, NewWarning, NhsNumber, Postcode, WarningCategory, check_death, wording,
};
use journey_domain::validation::FieldErrors;
use journey_store::person_details::{
    AddressId, PersonDetailsRecord, RecordedAddress, WarningId, Whose, ending_problem, join_codes,
};
use journey_store::{
    AccessKind, AccessLogEntry, Actor, ChildAccess, ChronologyEntry, PersonDetails, SearchHit,
    StoreError, StoreResult,
};

use self::subject::{Subject, subject};
use crate::journal::Journal;
use crate::person_details_read as read;

/// Writes the audit record and the one chronology line of a change to the child's details.
async fn event(
    tx: &mut Journal,
    access: &ChildAccess,
    action: &str,
    summary: &str,
    significant: bool,
) -> StoreResult<EventId> {
    subject::event(
        tx,
        access,
        Subject::the_child(access),
        action,
        summary,
        significant,
    )
    .await
}

/// given name, family name, date of birth, expected date of birth
type PersonRow = (String, String, Option<NaiveDate>, Option<NaiveDate>);

/// The child's names and dates, or `NotFound` for someone who is not a child.
async fn child_row(tx: &mut Conn, child: PersonId) -> StoreResult<PersonRow> {
    sqlx::query_as(
        "SELECT given_name, family_name, date_of_birth, expected_date_of_birth \
         FROM person WHERE id = $1 AND is_child",
    )
    .bind(child.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?
    .ok_or(StoreError::NotFound)
}

async fn write_identifier(
    tx: &mut Conn,
    access: &ChildAccess,
    person: PersonId,
    kind: IdentifierKind,
    value: Option<&str>,
) -> StoreResult<()> {
    let Some(value) = value else {
        sqlx::query("DELETE FROM person_identifier WHERE person_id = $1 AND kind = $2")
            .bind(person.0)
            .bind(kind.code())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        return Ok(());
    };
    sqlx::query(
        "INSERT INTO person_identifier (person_id, kind, value, recorded_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (person_id, kind) DO UPDATE SET value = excluded.value, recorded_at = excluded.recorded_at",
    )
    .bind(person.0)
    .bind(kind.code())
    .bind(value)
    .bind(ts(access.actor().at))
    .execute(&mut *tx)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            StoreError::Invalid(FieldErrors::single(
                kind.code(),
                format!(
                    "Another person's record already holds this {}: search for it before recording it here",
                    kind.label()
                ),
            ))
        } else {
            db_err(e)
        }
    })?;
    Ok(())
}

#[async_trait]
impl PersonDetails for SqlStore {
    async fn person_details(&self, access: &ChildAccess) -> StoreResult<PersonDetailsRecord> {
        self.read_person_details(access.child(), access.actor().today())
            .await
    }

    async fn open_person_details(&self, access: &ChildAccess) -> StoreResult<PersonDetailsRecord> {
        let record = self
            .read_person_details(access.child(), access.actor().today())
            .await?;
        self.record_access(vec![AccessLogEntry::through(
            access,
            AccessKind::ViewedRecord,
            "person_details",
        )])
        .await?;
        Ok(record)
    }

    async fn update_demographics(
        &self,
        access: &ChildAccess,
        details: &Demographics,
    ) -> StoreResult<Option<EventId>> {
        let child = access.child();
        let mut tx = self.journal().await?;
        child_row(&mut tx, child).await?;
        let stored = read::demographics(&mut tx, child).await?;
        let changed = stored.changes(details);
        if changed.is_empty() {
            return Ok(None);
        }
        let upn = details.upn.as_ref().map(|u| u.as_str());
        if stored.upn.as_deref() != upn {
            write_identifier(&mut tx, access, child, IdentifierKind::Upn, upn).await?;
        }
        let nhs = details.nhs_number.as_ref().map(|n| n.as_str());
        if stored.nhs_number.as_deref() != nhs {
            write_identifier(&mut tx, access, child, IdentifierKind::NhsNumber, nhs).await?;
        }
        sqlx::query(
            "INSERT INTO person_demographics (person_id, gender, ethnicity, disabilities, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (person_id) DO UPDATE SET gender = excluded.gender, \
             ethnicity = excluded.ethnicity, disabilities = excluded.disabilities, updated_at = excluded.updated_at",
        )
        .bind(child.0)
        .bind(&details.gender)
        .bind(&details.ethnicity)
        .bind(join_codes(&details.disabilities))
        .bind(ts(access.actor().at))
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let summary = wording::details_changed(&changed);
        let id = event(&mut tx, access, "details_changed", &summary, false).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    async fn change_name(&self, access: &ChildAccess, change: &NameChange) -> StoreResult<EventId> {
        let child = access.child();
        let mut tx = self.journal().await?;
        let (given, family, _, _) = child_row(&mut tx, child).await?;
        sqlx::query(
            "INSERT INTO person_former_name (person_id, given_name, family_name, used_until, recorded_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(child.0)
        .bind(&given)
        .bind(&family)
        .bind(change.changed_on)
        .bind(ts(access.actor().at))
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        sqlx::query(
            "UPDATE person SET given_name = $1, family_name = $2, given_key = $3, family_key = $4 WHERE id = $5",
        )
        .bind(&change.given_name)
        .bind(&change.family_name)
        .bind(name_key(&change.given_name))
        .bind(name_key(&change.family_name))
        .bind(child.0)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let summary = wording::name_changed(
            &format!("{given} {family}"),
            &format!("{} {}", change.given_name, change.family_name),
            change.changed_on,
        );
        let id = event(&mut tx, access, "name_changed", &summary, false).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn change_expected_date(
        &self,
        access: &ChildAccess,
        expected: NaiveDate,
    ) -> StoreResult<EventId> {
        let mut tx = self.journal().await?;
        let (_, _, born, previous) = child_row(&mut tx, access.child()).await?;
        if born.is_some() {
            return Err(StoreError::Invalid(FieldErrors::single(
                "expected_date_of_birth",
                "The child has been born: the expected date of birth cannot change",
            )));
        }
        sqlx::query("UPDATE person SET expected_date_of_birth = $1 WHERE id = $2")
            .bind(expected)
            .bind(access.child().0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let summary = wording::expected_date_changed(previous, expected);
        let id = event(&mut tx, access, "expected_date_changed", &summary, false).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn move_address_of(
        &self,
        access: &ChildAccess,
        whose: Whose,
        address: &NewAddress,
    ) -> StoreResult<EventId> {
        let mut tx = self.journal().await?;
        let subject = subject(&mut tx, access, whose).await?;
        let current: Option<(i64, NaiveDate)> = sqlx::query_as(
            "SELECT id, from_date FROM person_address WHERE person_id = $1 AND to_date IS NULL",
        )
        .bind(subject.person.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        if let Some((id, from)) = current {
            if address.from <= from {
                return Err(StoreError::Invalid(FieldErrors::single(
                    "from",
                    format!(
                        "The date must be after {} started living at the current address ({})",
                        subject.who(),
                        wording::long_date(from)
                    ),
                )));
            }
            sqlx::query("UPDATE person_address SET to_date = $1 WHERE id = $2")
                .bind(address.from)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        sqlx::query(
            "INSERT INTO person_address (person_id, line_1, line_2, line_3, town, postcode, postcode_key, \
             line_1_key, from_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(subject.person.0)
        .bind(&address.line_1)
        .bind(&address.line_2)
        .bind(&address.line_3)
        .bind(&address.town)
        .bind(address.postcode.as_str())
        .bind(Postcode::key(address.postcode.as_str()))
        .bind(name_key(&address.line_1))
        .bind(address.from)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let summary = wording::moved(address, current.is_none());
        let id =
            subject::event(&mut tx, access, subject, "address_changed", &summary, false).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn add_warning_of(
        &self,
        access: &ChildAccess,
        whose: Whose,
        warning: &NewWarning,
    ) -> StoreResult<EventId> {
        let mut tx = self.journal().await?;
        let subject = subject(&mut tx, access, whose).await?;
        sqlx::query(
            "INSERT INTO person_warning (person_id, category, text, from_date, until_date, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(subject.person.0)
        .bind(warning.category.code())
        .bind(&warning.text)
        .bind(warning.from)
        .bind(warning.until)
        .bind(access.actor().display_name())
        .bind(ts(access.actor().at))
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let summary = wording::warning_added(warning);
        let id = subject::event(&mut tx, access, subject, "warning_added", &summary, true).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn end_warning_of(
        &self,
        access: &ChildAccess,
        whose: Whose,
        warning: WarningId,
        on: NaiveDate,
    ) -> StoreResult<EventId> {
        let mut tx = self.journal().await?;
        let subject = subject(&mut tx, access, whose).await?;
        let row: Option<(String, String, NaiveDate, Option<NaiveDate>)> = sqlx::query_as(
            "SELECT category, text, from_date, until_date FROM person_warning WHERE id = $1 AND person_id = $2",
        )
        .bind(warning.0)
        .bind(subject.person.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let (category, text, from, until) = row.ok_or(StoreError::NotFound)?;
        if let Some(message) = ending_problem(from, until, on) {
            return Err(StoreError::Invalid(FieldErrors::single("warning", message)));
        }
        sqlx::query("UPDATE person_warning SET until_date = $1 WHERE id = $2")
            .bind(on)
            .bind(warning.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let category = WarningCategory::from_code(&category).unwrap_or(WarningCategory::Other);
        let summary = wording::warning_ended(category, &text, on);
        let id = subject::event(&mut tx, access, subject, "warning_ended", &summary, false).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn record_nhs_number(
        &self,
        access: &ChildAccess,
        whose: Whose,
        nhs_number: Option<&NhsNumber>,
    ) -> StoreResult<Option<EventId>> {
        let mut tx = self.journal().await?;
        let subject = subject(&mut tx, access, whose).await?;
        let stored = read::demographics(&mut tx, subject.person).await?;
        let new = nhs_number.map(NhsNumber::as_str);
        if stored.nhs_number.as_deref() == new {
            return Ok(None);
        }
        write_identifier(
            &mut tx,
            access,
            subject.person,
            IdentifierKind::NhsNumber,
            new,
        )
        .await?;
        let summary = wording::nhs_number_changed(new.is_some());
        let id =
            subject::event(&mut tx, access, subject, "details_changed", &summary, false).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    async fn recorded_addresses(&self, access: &ChildAccess) -> StoreResult<Vec<RecordedAddress>> {
        corrections::recorded_addresses(&mut *self.read().await?, access.child()).await
    }

    async fn correct_address(
        &self,
        access: &ChildAccess,
        address: AddressId,
        correction: &AddressCorrection,
    ) -> StoreResult<EventId> {
        let mut tx = self.journal().await?;
        child_row(&mut tx, access.child()).await?;
        let (summary, kind) =
            corrections::correct_address(&mut tx, access.child(), address, correction).await?;
        let id = event(&mut tx, access, kind, &summary, false).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn correct_date(
        &self,
        access: &ChildAccess,
        correction: &DateCorrection,
    ) -> StoreResult<EventId> {
        let mut tx = self.journal().await?;
        // Locked: the old date written into the line is the one this correction replaces.
        let born: Option<Option<NaiveDate>> = sqlx::query_scalar(concat!(
            "SELECT date_of_birth FROM person WHERE id = $1 AND is_child",
            for_update!()
        ))
        .bind(access.child().0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let born = born.ok_or(StoreError::NotFound)?;
        let (summary, kind) =
            corrections::correct_date(&mut tx, access.child(), born, correction, access.actor().at)
                .await?;
        let id = event(&mut tx, access, kind, &summary, true).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn corrections(&self, access: &ChildAccess) -> StoreResult<Vec<ChronologyEntry>> {
        corrections::corrections(&mut *self.read().await?, access.child()).await
    }

    async fn record_birth(&self, access: &ChildAccess, birth: &Birth) -> StoreResult<EventId> {
        let child = access.child();
        let mut tx = self.journal().await?;
        let (given, family, born, _) = child_row(&mut tx, child).await?;
        if born.is_some() {
            return Err(StoreError::Invalid(FieldErrors::single(
                "date_of_birth",
                "This child's birth has already been recorded",
            )));
        }
        if given != birth.given_name {
            // The name used while unborn stays in the history.
            sqlx::query(
                "INSERT INTO person_former_name (person_id, given_name, family_name, used_until, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(child.0)
            .bind(&given)
            .bind(&family)
            .bind(birth.date_of_birth)
            .bind(ts(access.actor().at))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        }
        sqlx::query(
            "UPDATE person SET date_of_birth = $1, sex = $2, given_name = $3, given_key = $4 WHERE id = $5",
        )
        .bind(birth.date_of_birth)
        .bind(birth.sex.code())
        .bind(&birth.given_name)
        .bind(name_key(&birth.given_name))
        .bind(child.0)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let summary = wording::born(birth.date_of_birth, &birth.given_name, birth.sex);
        let id = event(&mut tx, access, "born", &summary, true).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn record_death(&self, access: &ChildAccess, died_on: NaiveDate) -> StoreResult<EventId> {
        let child = access.child();
        let mut tx = self.journal().await?;
        let (_, _, born, _) = child_row(&mut tx, child).await?;
        let already: Option<Option<NaiveDate>> = sqlx::query_scalar(
            "SELECT date_of_death FROM person_demographics WHERE person_id = $1",
        )
        .bind(child.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        if already.flatten().is_some() {
            return Err(StoreError::Invalid(FieldErrors::single(
                "date_of_death",
                "A date of death is already recorded",
            )));
        }
        let died_on = check_death(Some(died_on), born, access.actor().today())?;
        sqlx::query(
            "INSERT INTO person_demographics (person_id, date_of_death, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (person_id) DO UPDATE SET date_of_death = excluded.date_of_death, updated_at = excluded.updated_at",
        )
        .bind(child.0)
        .bind(died_on)
        .bind(ts(access.actor().at))
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let summary = wording::died(died_on);
        let id = event(&mut tx, access, "died", &summary, true).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn find_by_identifier(
        &self,
        actor: &Actor,
        identifier: &Identifier,
    ) -> StoreResult<Vec<SearchHit>> {
        let hits = read::by_identifier(&mut *self.read().await?, identifier).await?;
        let hits = self.keep_shown(actor, hits, |hit| hit.id).await?;
        self.record_hits(actor, &hits).await?;
        Ok(hits)
    }

    async fn find_by_address(&self, actor: &Actor, text: &str) -> StoreResult<Vec<SearchHit>> {
        let hits = read::by_address(&mut *self.read().await?, text).await?;
        let hits = self.keep_shown(actor, hits, |hit| hit.id).await?;
        self.record_hits(actor, &hits).await?;
        Ok(hits)
    }
}

impl SqlStore {
    /// One access record for the whole result list.
    async fn record_hits(&self, actor: &Actor, hits: &[SearchHit]) -> StoreResult<()> {
        self.record_access(vec![AccessLogEntry::result_list(
            actor,
            hits.iter().map(|hit| hit.id),
        )])
        .await
    }
}
