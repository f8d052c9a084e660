//! m0001_foundation: regions, organisations and their aliases, programmes (试点/示范 programmes)
//! and batches, participants (参与城市) with their status history, indicators, users,
//! sessions, login attempts and the audit log.
//!
//! Frozen. `users` is created with `demo`, as the last release's m0001 did on a fresh
//! database: m0009 adds it only where it is missing (on SQLite a `NOT NULL` column can only be
//! added with a default, which a fresh schema does not have).

use super::*;

migration! {
    "m0001_foundation",
    up(m) {
        create(
            m,
            "regions",
            Table::create()
                .col(col("code").string().not_null().primary_key())
                .col(col("name").string().not_null())
                .col(col("level").string().not_null())
                .col(col("parent_code").string())
                .col(col("demo").boolean().not_null()),
            &["parent_code"],
        )
        .await?;
        create(
            m,
            "orgs",
            Table::create()
                .col(id())
                .col(col("name").string().not_null().unique_key())
                .col(col("name_key").string().not_null())
                .col(col("kind").string().not_null())
                .col(col("region_code").string().not_null())
                .col(col("demo").boolean().not_null())
                .foreign_key(&mut fk("orgs", "region_code", "regions", "code")),
            &["name_key", "region_code"],
        )
        .await?;
        create(
            m,
            "org_aliases",
            Table::create()
                .col(id())
                .col(col("org_id").big_integer().not_null())
                .col(col("alias").string().not_null())
                .col(col("alias_key").string().not_null())
                .foreign_key(
                    fk("org_aliases", "org_id", "orgs", "id").on_delete(ForeignKeyAction::Cascade),
                ),
            &["org_id", "alias_key"],
        )
        .await?;
        create(
            m,
            "programmes",
            Table::create()
                .col(id())
                .col(col("code").string().not_null().unique_key())
                .col(col("name_zh").string().not_null())
                .col(col("name_en").string().not_null())
                .col(col("description").text().not_null()),
            &[],
        )
        .await?;
        create(
            m,
            "batches",
            Table::create()
                .col(id())
                .col(col("programme_id").big_integer().not_null())
                .col(col("code").string().not_null().unique_key())
                .col(col("name").string().not_null())
                .col(col("approved_on").string())
                .col(col("note").text().not_null())
                .foreign_key(&mut fk("batches", "programme_id", "programmes", "id")),
            &["programme_id"],
        )
        .await?;
        create(
            m,
            "participants",
            Table::create()
                .col(id())
                .col(col("region_code").string().not_null())
                .col(col("programme_id").big_integer().not_null())
                .col(col("batch_id").big_integer().not_null())
                .col(col("theme").string())
                .col(col("start_year").integer())
                .col(col("end_year").integer())
                .col(col("acceptance_year").integer())
                .col(col("status").string().not_null())
                .col(col("demo").boolean().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .foreign_key(&mut fk("participants", "region_code", "regions", "code"))
                .foreign_key(&mut fk("participants", "programme_id", "programmes", "id"))
                .foreign_key(&mut fk("participants", "batch_id", "batches", "id")),
            &["region_code", "programme_id", "batch_id", "status"],
        )
        .await?;
        create(
            m,
            "status_changes",
            Table::create()
                .col(id())
                .col(col("participant_id").big_integer().not_null())
                .col(col("from_status").string())
                .col(col("to_status").string().not_null())
                .col(col("note").text().not_null())
                .col(col("changed_at").timestamp_with_time_zone().not_null())
                .col(col("changed_by").big_integer())
                .foreign_key(
                    fk("status_changes", "participant_id", "participants", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                ),
            &["participant_id"],
        )
        .await?;
        create(
            m,
            "indicators",
            Table::create()
                .col(id())
                .col(col("code").string().not_null().unique_key())
                .col(col("name_zh").string().not_null())
                .col(col("name_en").string().not_null())
                .col(col("synonyms").text().not_null())
                .col(col("unit").string())
                .col(col("direction").string().not_null())
                .col(col("definition").text().not_null())
                .col(col("source_dept").string().not_null())
                .col(col("formula").text().not_null())
                .col(col("aggregation").string().not_null())
                .col(col("unverified").boolean().not_null()),
            &[],
        )
        .await?;
        create(
            m,
            "users",
            Table::create()
                .col(id())
                .col(col("username").string().not_null().unique_key())
                .col(col("display_name").string().not_null())
                .col(col("password_hash").string().not_null())
                .col(col("role").string().not_null())
                .col(col("org_id").big_integer().not_null())
                .col(col("must_change_password").boolean().not_null())
                .col(col("disabled").boolean().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("last_login_at").timestamp_with_time_zone())
                .col(col("demo").boolean().not_null())
                .foreign_key(&mut fk("users", "org_id", "orgs", "id")),
            &["org_id"],
        )
        .await?;
        create(
            m,
            "sessions",
            Table::create()
                .col(col("id_hash").string().not_null().primary_key())
                .col(col("user_id").big_integer().not_null())
                .col(col("csrf_token").string().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("last_seen_at").timestamp_with_time_zone().not_null())
                .foreign_key(
                    fk("sessions", "user_id", "users", "id").on_delete(ForeignKeyAction::Cascade),
                ),
            &["user_id"],
        )
        .await?;
        create(
            m,
            "login_attempts",
            Table::create()
                .col(id())
                .col(col("username").string().not_null())
                .col(col("ip").string().not_null())
                .col(col("success").boolean().not_null())
                .col(col("at").timestamp_with_time_zone().not_null()),
            &["username", "ip", "at"],
        )
        .await?;
        create(
            m,
            "audit_events",
            Table::create()
                .col(id())
                .col(col("at").timestamp_with_time_zone().not_null())
                .col(col("user_id").big_integer())
                .col(col("username").string())
                .col(col("actor_region").string())
                .col(col("action").string().not_null())
                .col(col("entity").string().not_null())
                .col(col("entity_id").string().not_null())
                .col(col("before").text())
                .col(col("after").text()),
            &["at", "entity"],
        )
        .await?;
        m.create_index(unique_index(
            "ux_participant_region_programme",
            "participants",
            &["region_code", "programme_id"],
        ))
        .await?;
        Ok(())
    },
    down(m) {
        drop_tables(
            m,
            &[
                "audit_events",
                "login_attempts",
                "sessions",
                "users",
                "indicators",
                "status_changes",
                "participants",
                "batches",
                "programmes",
                "org_aliases",
                "orgs",
                "regions",
            ],
        )
        .await
    }
}
