//! Schema migrations (sea-orm-migration), portable across SQLite and PostgreSQL.
//!
//! **Shipped migrations are frozen.** Each `mNNNN_*.rs` writes its DDL out with sea-query and
//! depends on no entity, so a fresh database is built the same way as an old one was. A
//! schema change needs a new `mNNNN_*.rs` file with explicit DDL (and its `down`), added at
//! the end of [`Migrator::migrations`]. Never edit an old migration, and never rename one:
//! the name string is what the `seaql_migrations` table records.
//!
//! Columns are nullable unless `.not_null()`; SQLite keeps each statement's text in
//! `sqlite_master`, so the builders here emit exactly what the entities of the release that
//! froze them did (`crates/db/tests/upgrade` compares the result with the committed schema).

use sea_orm_migration::prelude::*;

/// One frozen migration: the name its `seaql_migrations` row records, and its `up` and `down`.
macro_rules! migration {
    ($name:literal, up($m:ident) $up:block, down($d:ident) $down:block) => {
        pub(super) struct Migration;

        impl MigrationName for Migration {
            fn name(&self) -> &str {
                $name
            }
        }

        #[async_trait::async_trait]
        impl MigrationTrait for Migration {
            async fn up(&self, $m: &SchemaManager) -> Result<(), DbErr> $up
            async fn down(&self, $d: &SchemaManager) -> Result<(), DbErr> $down
        }
    };
}

mod m0001_foundation;
mod m0002_plans;
mod m0003_monitoring;
mod m0004_supervision;
mod m0005_evaluation;
mod m0006_supervision_edit;
mod m0007_validation_rules;
mod m0008_evaluation_more;
mod m0009_polish;
mod m0010_messages;
#[cfg(test)]
mod tests;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_plans::Migration),
            Box::new(m0003_monitoring::Migration),
            Box::new(m0004_supervision::Migration),
            Box::new(m0005_evaluation::Migration),
            Box::new(m0006_supervision_edit::Migration),
            Box::new(m0007_validation_rules::Migration),
            Box::new(m0008_evaluation_more::Migration),
            Box::new(m0009_polish::Migration),
            Box::new(m0010_messages::Migration),
        ]
    }
}

/// Number of migrations this build knows; backups record it.
pub fn schema_version() -> i64 {
    Migrator::migrations().len() as i64
}

/// A column named `name`, nullable until `.not_null()`.
fn col(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
}

/// The usual primary key: `id`, a 64-bit auto-increment integer.
fn id() -> ColumnDef {
    col("id")
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

/// Columns written as a list: `name type[!] [unique] [pk]`, comma-separated, where type is
/// one of `string`, `text`, `bigint`, `int`, `double`, `bool`, `date`, `timestamptz`, and
/// `!` means NOT NULL. Frozen like the migrations that use it: it must keep emitting the
/// same DDL.
trait Cols {
    fn cols(&mut self, spec: &str) -> &mut Self;
}

impl Cols for TableCreateStatement {
    fn cols(&mut self, spec: &str) -> &mut Self {
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let mut words = item.split_whitespace();
            let (Some(name), Some(ty)) = (words.next(), words.next()) else {
                panic!("column spec `{item}`: name and type expected");
            };
            let mut c = col(name);
            match ty.trim_end_matches('!') {
                "string" => c.string(),
                "text" => c.text(),
                "bigint" => c.big_integer(),
                "int" => c.integer(),
                "double" => c.double(),
                "bool" => c.boolean(),
                "date" => c.date(),
                "timestamptz" => c.timestamp_with_time_zone(),
                other => panic!("column spec `{item}`: unknown type {other}"),
            };
            if ty.ends_with('!') {
                c.not_null();
            }
            for flag in words {
                match flag {
                    "unique" => c.unique_key(),
                    "pk" => c.primary_key(),
                    other => panic!("column spec `{item}`: unknown flag {other}"),
                };
            }
            self.col(c);
        }
        self
    }
}

/// A foreign key `table.column → ref_table.ref_column`, named `fk-<table>-<column>`.
fn fk(table: &str, column: &str, ref_table: &str, ref_column: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk-{table}-{column}"))
        .from(Alias::new(table), Alias::new(column))
        .to(Alias::new(ref_table), Alias::new(ref_column))
        .to_owned()
}

/// A unique index over several columns.
fn unique_index(name: &str, table: &str, columns: &[&str]) -> IndexCreateStatement {
    let mut idx = Index::create();
    idx.name(name).table(Alias::new(table)).unique();
    for c in columns {
        idx.col(Alias::new(*c));
    }
    idx
}

/// Creates `table` from its definition (columns, foreign keys), then a plain index
/// `idx-<table>-<column>` on each of `indexed`.
async fn create(
    m: &SchemaManager<'_>,
    table: &str,
    def: &mut TableCreateStatement,
    indexed: &[&str],
) -> Result<(), DbErr> {
    m.create_table(def.table(Alias::new(table)).to_owned())
        .await?;
    for c in indexed {
        m.create_index(
            Index::create()
                .name(format!("idx-{table}-{c}"))
                .table(Alias::new(table))
                .col(Alias::new(*c))
                .to_owned(),
        )
        .await?;
    }
    Ok(())
}

/// Drops tables in the order given (dependents first).
async fn drop_tables(m: &SchemaManager<'_>, tables: &[&str]) -> Result<(), DbErr> {
    for t in tables {
        m.drop_table(Table::drop().table(Alias::new(*t)).to_owned())
            .await?;
    }
    Ok(())
}

/// Adds columns to a table that lacks them, one statement each (SQLite alters one column at
/// a time). Databases made before the migrations were frozen may have them already.
async fn add_missing_columns(
    m: &SchemaManager<'_>,
    table: &str,
    cols: Vec<ColumnDef>,
) -> Result<(), DbErr> {
    for mut def in cols {
        let name = def.get_column_name();
        if m.has_column(table, &name).await? {
            continue;
        }
        m.alter_table(
            Table::alter()
                .table(Alias::new(table))
                .add_column(&mut def)
                .to_owned(),
        )
        .await?;
    }
    Ok(())
}

/// Drops the columns a table has, in the order given.
async fn drop_present_columns(
    m: &SchemaManager<'_>,
    table: &str,
    cols: &[&str],
) -> Result<(), DbErr> {
    for col in cols {
        if !m.has_column(table, col).await? {
            continue;
        }
        m.alter_table(
            Table::alter()
                .table(Alias::new(table))
                .drop_column(Alias::new(*col))
                .to_owned(),
        )
        .await?;
    }
    Ok(())
}
