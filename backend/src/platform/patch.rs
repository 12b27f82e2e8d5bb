//! `Option<Option<T>>` for PATCH bodies: absent = keep, `null` = clear, value = set.

use serde::{Deserialize, Deserializer};

pub fn double_option<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}
