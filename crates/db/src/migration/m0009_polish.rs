//! m0009_polish: users carry a demo flag (`users.demo`).
//!
//! Frozen. m0001 creates `users` with the column (as the release that shipped m0009 did on a
//! fresh database), so this is a no-op there. Older databases get the column here, and the
//! demo accounts they hold (by username and demo display name, as `demo load` wrote them) are
//! marked.

use super::*;

migration! {
    "m0009_polish",
    up(m) {
        if m.has_column("users", "demo").await? {
            return Ok(());
        }
        let demo = col("demo").boolean().not_null().default(false).to_owned();
        add_missing_columns(m, "users", vec![demo]).await?;
        let mut demo_accounts = Condition::any();
        for u in &innocity_domain::demo::demo_set().users {
            demo_accounts = demo_accounts.add(
                Expr::col(Alias::new("username"))
                    .eq(u.username.as_str())
                    .and(Expr::col(Alias::new("display_name")).eq(u.display_name.as_str())),
            );
        }
        m.exec_stmt(
            Query::update()
                .table(Alias::new("users"))
                .value(Alias::new("demo"), true)
                .cond_where(demo_accounts)
                .to_owned(),
        )
        .await
    },
    down(m) {
        drop_present_columns(m, "users", &["demo"]).await
    }
}
