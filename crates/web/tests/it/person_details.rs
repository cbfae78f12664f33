//! HTTP tests of the `person details` capability (issue 3), on both databases.
