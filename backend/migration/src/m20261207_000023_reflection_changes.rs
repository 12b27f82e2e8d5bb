//! Paired changes of a teacher's consecutive submitted reflections, kept as they are
//! submitted, so that growth and cohort comparisons read a few rows per teacher instead of
//! re-scoring every answer of every pair on each request (a 250-school hub: 7,500 pairs and
//! 330,000 answers).
//!
//! - `reflection_pairs`: one row per submitted reflection (also the mark that its changes
//!   were worked out): the teacher's submitted reflection just before it, if any.
//! - `reflection_changes`: per area of such a pair, the sum of the paired item changes in
//!   hundredths of a level (`num`) over the items scored in both (`cnt`).
//!
//! Both go with their reflection (cascade); the reflection feature keeps them true when a
//! reflection is submitted or deleted, and fills in any that are missing at start-up.

use crate::common::fk;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Reflections {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ReflectionPairs {
    Table,
    ReflectionId,
    EarlierId,
}

#[derive(DeriveIden)]
enum ReflectionChanges {
    Table,
    ReflectionId,
    Area,
    Num,
    Cnt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ReflectionPairs::Table)
                .col(
                    ColumnDef::new(ReflectionPairs::ReflectionId)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                // Not a foreign key: when the earlier reflection is deleted, the pair is
                // worked out again rather than lost.
                .col(ColumnDef::new(ReflectionPairs::EarlierId).uuid().null())
                .foreign_key(&mut fk(
                    "fk_pair_reflection",
                    (ReflectionPairs::Table, ReflectionPairs::ReflectionId),
                    (Reflections::Table, Reflections::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_pairs_earlier")
                .table(ReflectionPairs::Table)
                .col(ReflectionPairs::EarlierId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ReflectionChanges::Table)
                .col(
                    ColumnDef::new(ReflectionChanges::ReflectionId)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ReflectionChanges::Area)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ReflectionChanges::Num)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ReflectionChanges::Cnt)
                        .big_integer()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(ReflectionChanges::ReflectionId)
                        .col(ReflectionChanges::Area),
                )
                .foreign_key(&mut fk(
                    "fk_change_reflection",
                    (ReflectionChanges::Table, ReflectionChanges::ReflectionId),
                    (Reflections::Table, Reflections::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ReflectionChanges::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ReflectionPairs::Table).to_owned())
            .await
    }
}
