//! What only the front door's pages need: the form choices from the DfE's code lists. The
//! views the pages and the API share are in `capabilities::front_door`.

/// `{value, text}` items for a GOV.UK select or radios, from a code list.
pub fn code_items<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    with_code: bool,
) -> Vec<serde_json::Value> {
    all.iter()
        .map(|m| {
            let text = if with_code {
                format!("{} {}", code(*m), label(*m))
            } else {
                label(*m).to_owned()
            };
            serde_json::json!({ "value": code(*m), "text": text })
        })
        .collect()
}
