//! Data items and data forms.

use crate::api::Items;
use innocity_db::monitoring::{FormIn, FormView, ItemView};

handler!(items(st, _s) -> Items<ItemView> = {
    st.db.monitoring().seed_data_items().await?;
    Items {
        items: st.db.monitoring().data_items().await?,
    }
});

handler!(forms(st, s) -> Items<FormView> = Items {
    items: st.db.monitoring().forms(&s.actor).await?,
});

handler!(create_form(st, s, b: Body<FormIn>) -> FormView =
    st.db.monitoring().create_form(&s.actor, &b).await?);
