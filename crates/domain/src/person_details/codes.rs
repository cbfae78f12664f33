//! The DfE's code lists for demographics (CIN census): ethnicity and disability. Stored as the
//! codes themselves, so the census return is a projection, not a translation.

/// A code and the words a worker reads.
pub type Code = (&'static str, &'static str);

/// CIN census ethnicity (validation rule 4220).
pub const ETHNICITY: &[Code] = &[
    ("WBRI", "White British"),
    ("WIRI", "White Irish"),
    ("WIRT", "Traveller of Irish heritage"),
    ("WROM", "Gypsy or Roma"),
    ("WOTH", "Any other White background"),
    ("MWBC", "White and Black Caribbean"),
    ("MWBA", "White and Black African"),
    ("MWAS", "White and Asian"),
    ("MOTH", "Any other mixed background"),
    ("AIND", "Indian"),
    ("APKN", "Pakistani"),
    ("ABAN", "Bangladeshi"),
    ("AOTH", "Any other Asian background"),
    ("BCRB", "Black Caribbean"),
    ("BAFR", "Black African"),
    ("BOTH", "Any other Black background"),
    ("CHNE", "Chinese"),
    ("OOTH", "Any other ethnic group"),
    ("REFU", "Refused"),
    ("NOBT", "Information not yet obtained"),
];

/// CIN census disability (validation rule 8540). `NONE` stands alone.
pub const DISABILITY: &[Code] = &[
    ("NONE", "No disability"),
    ("MOB", "Mobility"),
    ("HAND", "Hand function"),
    ("PC", "Personal care"),
    ("INC", "Incontinence"),
    ("COMM", "Communication"),
    ("LD", "Learning"),
    ("HEAR", "Hearing"),
    ("VIS", "Vision"),
    ("BEH", "Behaviour"),
    ("CON", "Consciousness"),
    ("AUT", "Autism or Asperger syndrome"),
    ("DDA", "Disabled, but in none of the other categories"),
];

/// The code as the list spells it, if the list has it.
pub fn find(list: &'static [Code], code: &str) -> Option<&'static str> {
    let code = code.trim();
    list.iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(c, _)| *c)
}

/// The words for a code, or the code itself for one the list does not have.
pub fn label<'a>(list: &'static [Code], code: &'a str) -> &'a str {
    list.iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, l)| *l)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lists match the DfE's 2026 code lists exactly.
    #[test]
    fn the_lists_are_the_dfe_lists() {
        let mut ethnicity: Vec<_> = ETHNICITY.iter().map(|(c, _)| *c).collect();
        ethnicity.sort_unstable();
        assert_eq!(
            ethnicity,
            [
                "ABAN", "AIND", "AOTH", "APKN", "BAFR", "BCRB", "BOTH", "CHNE", "MOTH", "MWAS",
                "MWBA", "MWBC", "NOBT", "OOTH", "REFU", "WBRI", "WIRI", "WIRT", "WOTH", "WROM"
            ]
        );
        let disability: Vec<_> = DISABILITY.iter().map(|(c, _)| *c).collect();
        assert_eq!(disability.len(), 13);
        for code in [
            "NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT",
            "DDA",
        ] {
            assert!(disability.contains(&code), "{code}");
        }
    }

    #[test]
    fn codes_are_found_whatever_the_case_and_labelled() {
        assert_eq!(find(ETHNICITY, "wbri"), Some("WBRI"));
        assert_eq!(find(ETHNICITY, "XXXX"), None);
        assert_eq!(label(DISABILITY, "AUT"), "Autism or Asperger syndrome");
        assert_eq!(label(DISABILITY, "??"), "??");
    }
}
