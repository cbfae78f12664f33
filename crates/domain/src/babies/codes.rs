//! Where a baby goes on leaving hospital: Journey's list, named as a social worker would say it.

use crate::front_door::codes::code_list;

code_list! {
    /// Where the baby will live after leaving hospital.
    Destination {
        HomeWithParents => ("home_with_parents", "Home with one or both parents"),
        ParentAndBaby => ("parent_and_baby", "A parent and baby placement (foster or residential)"),
        FamilyOrFriends => ("family_or_friends", "With a relative or family friend"),
        FosterCare => ("foster_care", "Foster care without a parent"),
        Other => ("other", "Somewhere else"),
    }
}
