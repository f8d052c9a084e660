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
                .col(col("key").string().not_null())
                .col(col("version").integer().not_null())
                .col(col("name").string().not_null())
                .col(col("description").text().not_null())
                .col(col("method_toml").text().not_null())
                .col(col("structure_csv").text().not_null())
                .col(col("preset").boolean().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("created_by").big_integer()),
            &["key"],
        )
        .await?;
        create(
            m,
            "evaluation_runs",
            Table::create()
                .col(id())
                .col(col("method_id").big_integer().not_null())
                .col(col("year").integer().not_null())
                .col(col("participant_ids").text().not_null())
                .col(col("status").string().not_null())
                .col(col("done").big_integer().not_null())
                .col(col("total").big_integer().not_null())
                .col(col("uncertainty_n").integer())
                .col(col("seed").big_integer())
                .col(col("input_sha256").string().not_null())
                .col(col("input_csv").text().not_null())
                .col(col("aggregates").text().not_null())
                .col(col("error").text())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("created_by").big_integer())
                .col(col("finished_at").timestamp_with_time_zone())
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
                .col(col("run_id").big_integer().not_null())
                .col(col("participant_id").big_integer().not_null())
                .col(col("region_code").string().not_null())
                .col(col("name").string().not_null())
                .col(col("score").double())
                .col(col("rank").integer())
                .col(col("scores").text().not_null())
                .col(col("ranks").text().not_null())
                .col(col("median_rank").double())
                .col(col("p05_rank").double())
                .col(col("p95_rank").double())
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
