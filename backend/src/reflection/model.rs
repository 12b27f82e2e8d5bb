//! Reflection values without IO.

crate::string_enum! {
    /// Where a self-reflection stands: being answered (autosaved), or submitted (final).
    ReflectionStatus {
        InProgress = "in_progress",
        Submitted = "submitted",
    }
}
