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
                .cols("code string! pk, name string!, level string!, parent_code string, \
                 demo bool!"),
            &["parent_code"],
        )
        .await?;
        create(
            m,
            "orgs",
            Table::create()
                .col(id())
                .cols("name string! unique, name_key string!, kind string!, \
                 region_code string!, demo bool!")
                .foreign_key(&mut fk("orgs", "region_code", "regions", "code")),
            &["name_key", "region_code"],
        )
        .await?;
        create(
            m,
            "org_aliases",
            Table::create()
                .col(id())
                .cols("org_id bigint!, alias string!, alias_key string!")
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
                .cols("code string! unique, name_zh string!, name_en string!, \
                 description text!"),
            &[],
        )
        .await?;
        create(
            m,
            "batches",
            Table::create()
                .col(id())
                .cols("programme_id bigint!, code string! unique, name string!, \
                 approved_on string, note text!")
                .foreign_key(&mut fk("batches", "programme_id", "programmes", "id")),
            &["programme_id"],
        )
        .await?;
        create(
            m,
            "participants",
            Table::create()
                .col(id())
                .cols("region_code string!, programme_id bigint!, batch_id bigint!, \
                 theme string, start_year int, end_year int, acceptance_year int, \
                 status string!, demo bool!, updated_at timestamptz!")
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
                .cols("participant_id bigint!, from_status string, to_status string!, \
                 note text!, changed_at timestamptz!, changed_by bigint")
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
                .cols("code string! unique, name_zh string!, name_en string!, \
                 synonyms text!, unit string, direction string!, definition text!, \
                 source_dept string!, formula text!, aggregation string!, \
                 unverified bool!"),
            &[],
        )
        .await?;
        create(
            m,
            "users",
            Table::create()
                .col(id())
                .cols("username string! unique, display_name string!, password_hash string!, \
                 role string!, org_id bigint!, must_change_password bool!, \
                 disabled bool!, created_at timestamptz!, last_login_at timestamptz, \
                 demo bool!")
                .foreign_key(&mut fk("users", "org_id", "orgs", "id")),
            &["org_id"],
        )
        .await?;
        create(
            m,
            "sessions",
            Table::create()
                .cols("id_hash string! pk, user_id bigint!, csrf_token string!, \
                 created_at timestamptz!, last_seen_at timestamptz!")
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
                .cols("username string!, ip string!, success bool!, at timestamptz!"),
            &["username", "ip", "at"],
        )
        .await?;
        create(
            m,
            "audit_events",
            Table::create()
                .col(id())
                .cols("at timestamptz!, user_id bigint, username string, \
                 actor_region string, action string!, entity string!, \
                 entity_id string!, before text, after text"),
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
