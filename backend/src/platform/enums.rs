//! Domain values as enums stored as strings. `string_enum!` makes an enum whose every
//! variant has one stable string: serde and the OpenAPI schema use it (so the spec lists
//! the values and the generated TypeScript client has them as a string union), the
//! database stores it (an entity column may have the enum as its type: sea-orm's value
//! type reads and writes the string, and a row with an unknown string is an error, never
//! a silent default), `parse` reads it back and `NAMES` lists them for checks and
//! messages. Never rename a value: stored rows, clients and translations key on it.

/// ```ignore
/// string_enum! {
///     /// Doc of the enum.
///     RelationshipKind { SchoolToSchool = "school_to_school", PeerGroup = "peer_group" }
/// }
/// ```
#[macro_export]
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $s:tt),+ $(,)? }) => {
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, utoipa::ToSchema,
            sea_orm::DeriveValueType,
        )]
        #[sea_orm(value_type = "String")]
        $(#[$meta])*
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $s)] $variant),+
        }

        impl $name {
            /// Every value, in the order of the domain (menus show them in this order).
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every value's string.
            pub const NAMES: &'static [&'static str] = &[$($s),+];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $s),+
                }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $($s => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Never a generated key: lets the enum be part of a composite primary key.
        impl sea_orm::TryFromU64 for $name {
            fn try_from_u64(_: u64) -> Result<Self, sea_orm::DbErr> {
                Err(sea_orm::DbErr::ConvertFromU64(stringify!($name)))
            }
        }

        impl std::str::FromStr for $name {
            type Err = sea_orm::sea_query::ValueTypeErr;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::parse(s).ok_or(sea_orm::sea_query::ValueTypeErr)
            }
        }
    };
}

/// A stored or shipped string as a domain value: an unknown string is a database error
/// (for data tables of the demo and scale generators and for rows read back by hand).
pub fn known<E: std::str::FromStr>(s: &str) -> Result<E, sea_orm::DbErr> {
    s.parse()
        .map_err(|_| sea_orm::DbErr::Type(format!("unknown domain value {s:?}")))
}

/// An input string (checked by the request's validator) as its domain value; a 422 on the
/// field, never a panic, if it is not one.
pub fn input<E: std::str::FromStr>(field: &str, s: &str) -> crate::error::ApiResult<E> {
    s.parse().map_err(|_| {
        crate::error::ApiError::validation(vec![crate::error::FieldError {
            field: field.into(),
            code: "one_of".into(),
            message: format!("{s:?} is not one of the allowed values."),
        }])
    })
}

/// A validator check that a string is one of an enum's values, with the values in the
/// message (`code` is the field error's code).
pub fn one_of(
    v: &str,
    names: &[&str],
    code: &'static str,
) -> Result<(), validator::ValidationError> {
    if names.contains(&v) {
        Ok(())
    } else {
        Err(validator::ValidationError::new(code)
            .with_message(format!("Must be one of: {}.", names.join(", ")).into()))
    }
}

#[cfg(test)]
mod tests {
    crate::string_enum! {
        /// A test enum.
        Colour { DeepRed = "deep_red", Blue = "blue" }
    }

    #[test]
    fn values_round_trip_through_their_strings() {
        for c in Colour::ALL {
            assert_eq!(Colour::parse(c.as_str()), Some(*c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
            assert_eq!(
                serde_json::from_value::<Colour>(c.as_str().into()).unwrap(),
                *c
            );
        }
        assert_eq!(Colour::NAMES, ["deep_red", "blue"]);
        assert_eq!(Colour::parse("Deep_Red"), None);
        assert_eq!(Colour::DeepRed.to_string(), "deep_red");
    }
}
