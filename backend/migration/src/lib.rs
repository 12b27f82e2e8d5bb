//! The one source of the database schema, for SQLite and PostgreSQL alike.
//! Portable on purpose: no native enums (roles and kinds are checked strings),
//! one ALTER per statement, UUIDs and UTC timestamps everywhere.

pub use sea_orm_migration::prelude::*;

mod common;
mod m20261122_000001_foundation;
mod m20261123_000002_reflection;
mod m20261123_000003_campaigns;
mod m20261123_000004_reflection_shares;
mod m20261123_000005_teacher_groups;
mod m20261201_000006_mentoring;
mod m20261202_000007_courses_plans;
mod m20261203_000008_needs_version;
mod m20261203_000009_share_basis;
mod m20261203_000010_plan_owners;
mod m20261203_000011_school_feedback;
mod m20261203_000012_activity_time_place;
mod m20261203_000013_scale;
mod m20261204_000014_search;
mod m20261204_000015_area_results_index;
mod m20261204_000016_rate_counts;
mod m20261205_000017_minutes_indexes;
mod m20261205_000018_people_search_column;
mod m20261206_000019_activity_stamps;
mod m20261206_000020_rate_counts_unlogged;
mod m20261206_000021_list_indexes;
mod m20261207_000022_analytics;
mod m20261207_000023_reflection_changes;
mod m20261207_000024_research;
mod m20261207_000025_analytics_indexes;
mod m20261208_000026_people_stats_index;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_foundation::Migration),
            Box::new(m20261123_000002_reflection::Migration),
            Box::new(m20261123_000003_campaigns::Migration),
            Box::new(m20261123_000004_reflection_shares::Migration),
            Box::new(m20261123_000005_teacher_groups::Migration),
            Box::new(m20261201_000006_mentoring::Migration),
            Box::new(m20261202_000007_courses_plans::Migration),
            Box::new(m20261203_000008_needs_version::Migration),
            Box::new(m20261203_000009_share_basis::Migration),
            Box::new(m20261203_000010_plan_owners::Migration),
            Box::new(m20261203_000011_school_feedback::Migration),
            Box::new(m20261203_000012_activity_time_place::Migration),
            Box::new(m20261203_000013_scale::Migration),
            Box::new(m20261204_000014_search::Migration),
            Box::new(m20261204_000015_area_results_index::Migration),
            Box::new(m20261204_000016_rate_counts::Migration),
            Box::new(m20261205_000017_minutes_indexes::Migration),
            Box::new(m20261205_000018_people_search_column::Migration),
            Box::new(m20261206_000019_activity_stamps::Migration),
            Box::new(m20261206_000020_rate_counts_unlogged::Migration),
            Box::new(m20261206_000021_list_indexes::Migration),
            Box::new(m20261207_000022_analytics::Migration),
            Box::new(m20261207_000023_reflection_changes::Migration),
            Box::new(m20261207_000024_research::Migration),
            Box::new(m20261207_000025_analytics_indexes::Migration),
            Box::new(m20261208_000026_people_stats_index::Migration),
        ]
    }
}
