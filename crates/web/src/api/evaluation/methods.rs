//! Evaluation methods: the newest version of each, one version, a new method or version.

use crate::api::List;
use innocity_db::evaluation::{MethodDetail, MethodIn, MethodSummary};

handler!(
    /// Newest version of every method.
    methods(st, s) -> List<MethodSummary> = st.db.evaluation().methods(&s.actor).await?.into()
);

pass_through!(
    /// One method version: method file, structure, versions of the same method.
    method(id) -> MethodDetail = evaluation.method
);

handler!(
    /// A new method (version 1).
    create_method(st, s, b: Body<MethodIn>) -> Created<MethodDetail> =
        st.db.evaluation().create_method(&s.actor, None, &b).await?
);

handler!(
    /// A new version of the method `{id}` belongs to.
    create_version(st, s, of: Id, b: Body<MethodIn>) -> Created<MethodDetail> =
        st.db.evaluation().create_method(&s.actor, Some(of), &b).await?
);
