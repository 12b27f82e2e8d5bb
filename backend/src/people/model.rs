//! People values without IO.

crate::string_enum! {
    /// Where an invitation stands.
    InvitationStatus {
        Pending = "pending",
        Accepted = "accepted",
        Revoked = "revoked",
        Expired = "expired",
    }
}
