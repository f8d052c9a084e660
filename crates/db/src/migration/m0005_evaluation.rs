//! m0005_evaluation: evaluation (综合评价): versioned methods, runs and their results.
//!
//! Frozen. The heartbeat and sensitivity columns of `evaluation_runs` come with m0008.

use super::*;

migration! {
    "m0005_evaluation",
    up(m) {
        create(
            m,
            "evaluation_methods",
            Table::create()
                .col(id())
                .cols("key string!, version int!, name string!, description text!, \
                 method_toml text!, structure_csv text!, preset bool!, \
                 created_at timestamptz!, created_by bigint"),
            &["key"],
        )
        .await?;
        create(
            m,
            "evaluation_runs",
            Table::create()
                .col(id())
                .cols("method_id bigint!, year int!, participant_ids text!, status string!, \
                 done bigint!, total bigint!, uncertainty_n int, seed bigint, \
                 input_sha256 string!, input_csv text!, aggregates text!, error text, \
                 created_at timestamptz!, created_by bigint, finished_at timestamptz")
                .foreign_key(&mut fk(
                    "evaluation_runs",
                    "method_id",
                    "evaluation_methods",
                    "id",
                )),
            &["method_id"],
        )
        .await?;
        create(
            m,
            "evaluation_results",
            Table::create()
                .col(id())
                .cols("run_id bigint!, participant_id bigint!, region_code string!, \
                 name string!, score double, rank int, scores text!, ranks text!, \
                 median_rank double, p05_rank double, p95_rank double")
                .foreign_key(&mut fk(
                    "evaluation_results",
                    "run_id",
                    "evaluation_runs",
                    "id",
                )),
            &["run_id"],
        )
        .await?;
        m.create_index(unique_index(
            "ux_evaluation_method_key_version",
            "evaluation_methods",
            &["key", "version"],
        ))
        .await?;
        Ok(())
    },
    down(m) {
        drop_tables(
            m,
            &[
                "evaluation_results",
                "evaluation_runs",
                "evaluation_methods",
            ],
        )
        .await
    }
}
