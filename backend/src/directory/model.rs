//! The directory's domain values (stored as strings; see `platform::enums`).

crate::string_enum! {
    /// The kind of school.
    SchoolKind {
        Primary = "primary",
        Basic = "basic",
        Comprehensive = "comprehensive",
        UpperSecondary = "upper_secondary",
        Vocational = "vocational",
        Other = "other",
    }
}

crate::string_enum! {
    /// The kind of organisation taking part in a hub.
    OrganisationKind {
        University = "university",
        Agency = "agency",
        Municipality = "municipality",
        SchoolBoard = "school_board",
        TeacherAssociation = "teacher_association",
        Network = "network",
        Company = "company",
        Other = "other",
    }
}

crate::string_enum! {
    /// The part an organisation plays in a hub.
    HubOrganisationRole {
        Coordinator = "coordinator",
        Partner = "partner",
        Stakeholder = "stakeholder",
        ResearchPartner = "research_partner",
    }
}
