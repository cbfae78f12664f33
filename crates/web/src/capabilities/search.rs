//! Finding people: the name and Journey ID rules both the search page and the API apply.

use journey_domain::ids::PersonId;
use journey_domain::validation::FieldErrors;

/// Small, so every query behind a search walks an index a short way (see the store's search).
pub const RESULT_LIMIT: u32 = 20;

/// The furthest a search pages: past it, the searcher is asked to narrow the search (a date
/// of birth, more of the name) rather than read on, and no walk reads more than
/// `RESULT_LIMIT * MAX_PAGES` rows.
pub const MAX_PAGES: u32 = 10;

/// Reads the page of results asked for: from 1 to [`MAX_PAGES`], 1 when none is given.
pub fn parse_page(errors: &mut FieldErrors, page: Option<i64>) -> u32 {
    match page {
        None => 1,
        Some(page) => match u32::try_from(page) {
            Ok(page) if (1..=MAX_PAGES).contains(&page) => page,
            _ => {
                errors.add(
                    "page",
                    format!("The page must be a whole number from 1 to {MAX_PAGES}"),
                );
                1
            }
        },
    }
}

/// Checks a name typed for search: at least two letters, so a search is never "everyone".
pub fn parse_name(errors: &mut FieldErrors, name: &str) -> String {
    let name = name.trim();
    let letters = journey_domain::person::name_key(name).chars().count();
    if name.is_empty() {
        errors.add("name", "Enter a name to search for");
    } else if letters < 2 {
        errors.add("name", "Enter at least 2 letters of a name");
    } else if name.chars().count() > 100 {
        errors.add("name", "Name must be 100 characters or fewer");
    }
    name.to_owned()
}

/// Reads a Journey ID typed into a form; `None`, with a message at the field, when it is not one.
pub fn parse_journey_id(errors: &mut FieldErrors, text: &str) -> Option<PersonId> {
    let id = text.trim().parse::<i64>().ok().filter(|id| *id > 0);
    if id.is_none() {
        errors.add("journey_id", "Journey ID must be a number, such as 1042");
    }
    id.map(PersonId)
}
